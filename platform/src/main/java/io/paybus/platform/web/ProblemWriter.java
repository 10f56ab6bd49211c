package io.paybus.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * Writes an RFC 9457 problem+json straight to a servlet response, for the places that answer
 * before a controller runs (filters, security entry points). Jackson does the escaping.
 */
public final class ProblemWriter {

    public static final String TYPE_BASE = "https://paybus.io/problems/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemWriter() {
    }

    public static ObjectNode body(int status, String code, String title, String detail, Map<String, ?> extra) {
        ObjectNode problem = JSON.createObjectNode();
        problem.put("type", TYPE_BASE + code);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("code", code);
        if (extra != null) {
            extra.forEach((name, value) -> problem.set(name, JSON.valueToTree(value)));
        }
        return problem;
    }

    /** The same, with further members already as JSON. */
    public static ObjectNode body(int status, String code, String title, String detail, ObjectNode extra) {
        ObjectNode problem = body(status, code, title, detail, (Map<String, ?>) null);
        if (extra != null) {
            problem.setAll(extra);
        }
        return problem;
    }

    public static void write(HttpServletResponse response, int status, String code, String title, String detail)
            throws IOException {
        write(response, status, code, title, detail, null);
    }

    public static void write(HttpServletResponse response, int status, String code, String title, String detail,
            Map<String, ?> extra) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(JSON.writeValueAsBytes(body(status, code, title, detail, extra)));
        response.flushBuffer();
    }
}
