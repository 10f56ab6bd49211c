package io.paybus.ingest.web;

import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Only with the {@code bench} profile: {@code POST /bench/ok} reads the body and answers a bare
 * 200. The benchmark measures it as the ceiling of the same server (same Tomcat, same filters)
 * that the webhook's figures are compared with.
 */
@RestController
@Profile("bench")
class BenchCeilingController {

    @PostMapping("/bench/ok")
    ResponseEntity<Void> ok(@RequestBody(required = false) byte[] body) {
        return ResponseEntity.ok().build();
    }
}
