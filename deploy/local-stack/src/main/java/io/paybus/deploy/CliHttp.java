package io.paybus.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** What the operators' command lines share: authorized JSON calls of a service, and their options. */
final class CliHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private CliHttp() {
    }

    /** The answer's JSON, or {@code null} after printing a refusal (a problem) as it came. */
    static JsonNode call(PrintStream out, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            out.println(response.body());
            return null;
        }
        return JSON.readTree(response.body());
    }

    /** The value after {@code name}, taken out of {@code args}; {@code otherwise} when absent. */
    static String option(List<String> args, String name, String otherwise) {
        int at = args.indexOf(name);
        if (at < 0 || at + 1 >= args.size()) {
            return otherwise;
        }
        String value = args.get(at + 1);
        args.subList(at, at + 2).clear();
        return value;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static HttpRequest get(String url, String key, String path) {
        return authorized(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30)).GET(), key);
    }

    static HttpRequest post(String url, String key, String path, String json) {
        return authorized(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)), key);
    }

    private static HttpRequest authorized(HttpRequest.Builder request, String key) {
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return request.build();
    }
}
