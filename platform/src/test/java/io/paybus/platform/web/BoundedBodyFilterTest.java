package io.paybus.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter in a real Tomcat, spoken to over a raw socket so the test decides when bytes arrive. */
class BoundedBodyFilterTest {

    @TempDir
    static Path base;

    private static Tomcat tomcat;
    private static int port;
    /** The dispatches that passed a filter in front of the bounded one: REQUEST, and ASYNC after a non-blocking read. */
    private static final List<DispatcherType> dispatches = new CopyOnWriteArrayList<>();
    private static volatile CountDownLatch entered = new CountDownLatch(1);

    @BeforeAll
    static void start() throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "echo", new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                byte[] body = request.getInputStream().readAllBytes();
                response.setContentType("text/plain");
                response.getWriter().print(request.getDispatcherType() + " " + new String(body, StandardCharsets.UTF_8));
            }
        }).setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "echo");
        filter(context, "counting", (request, response, chain) -> {
            dispatches.add(request.getDispatcherType());
            entered.countDown();
            chain.doFilter(request, response);
        });
        filter(context, "bounded", new BoundedBodyFilter(64 * 1024, Duration.ofSeconds(5)));
        tomcat.start();
        port = tomcat.getConnector().getLocalPort();
    }

    private static void filter(Context context, String name, Filter filter) {
        FilterDef def = new FilterDef();
        def.setFilterName(name);
        def.setFilter(filter);
        def.setAsyncSupported("true");
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName(name);
        map.addURLPattern("/*");
        map.setDispatcher(DispatcherType.REQUEST.name());
        map.setDispatcher(DispatcherType.ASYNC.name());
        context.addFilterMap(map);
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    @BeforeEach
    void reset() {
        dispatches.clear();
        entered = new CountDownLatch(1);
    }

    @Test
    void aBodyThatCameWithItsHeadersIsHandledOnTheFirstDispatchWithoutAnotherPassThroughTheFilters() throws Exception {
        String body = "{\"id\":\"evt_1\",\"pad\":\"" + "x".repeat(1500) + "\"}";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write((head(body.length()) + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            String answer = read(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 200").endsWith("REQUEST " + body);
        }
        assertThat(dispatches).containsExactly(DispatcherType.REQUEST);
    }

    @Test
    void aBodyThatArrivesLaterIsReadWithoutBlockingAndReachesTheServletWhole() throws Exception {
        String body = "first half|" + "y".repeat(3000) + "|second half";
        int split = 11;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write((head(body.length()) + body.substring(0, split)).getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            out.write(body.substring(split).getBytes(StandardCharsets.UTF_8));
            out.flush();
            String answer = read(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 200").endsWith(" " + body);
        }
        assertThat(dispatches).startsWith(DispatcherType.REQUEST);
    }

    @Test
    void aBodyThatEndsBeforeItsDeclaredLengthGets400() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write((head(100) + "only this").getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.shutdownOutput();
            String answer = read(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 400").contains("\"code\":\"payload_truncated\"");
        }
    }

    private static String head(int length) {
        return "POST /webhooks/x HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n";
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toString(StandardCharsets.UTF_8);
    }
}
