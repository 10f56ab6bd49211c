package io.paybus.notification;

import io.paybus.platform.audit.AuditLog;
import io.paybus.platform.web.ProblemException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code POST /unsubscribe?address=…&token=…}: the one-click unsubscribe a mail client sends
 * (RFC 8058), public, the token being the credential; {@code GET} shows a page with the same button,
 * for a person who opened the link. The address goes onto the suppression list, audited.
 */
@RestController
class UnsubscribeController {

    private final Unsubscribes unsubscribes;
    private final Suppressions suppressions;
    private final AuditLog audit;

    UnsubscribeController(Unsubscribes unsubscribes, Suppressions suppressions, AuditLog audit) {
        this.unsubscribes = unsubscribes;
        this.suppressions = suppressions;
        this.audit = audit;
    }

    @PostMapping("/unsubscribe")
    Map<String, Object> unsubscribe(@RequestParam(required = false) String address,
            @RequestParam(required = false) String token) {
        check(address, token);
        boolean added = suppressions.add(address, "unsubscribed (List-Unsubscribe)", "recipient");
        audit.record("suppression.unsubscribe", "email:" + address.toLowerCase(java.util.Locale.ROOT), "one-click",
                added ? "suppressed" : "already suppressed", Map.of());
        return Map.of("address", address.toLowerCase(java.util.Locale.ROOT), "unsubscribed", true);
    }

    @GetMapping(value = "/unsubscribe", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(@RequestParam(required = false) String address,
            @RequestParam(required = false) String token) {
        check(address, token);
        String a = HtmlUtils.htmlEscape(address);
        String t = HtmlUtils.htmlEscape(token);
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body("<!doctype html><html lang=\"en\"><body"
                + " style=\"font-family:sans-serif\"><h1>Unsubscribe</h1><p>No more renewal notices to " + a
                + ". Receipts and notices about money still come.</p><form method=\"post\" action=\"unsubscribe?address="
                + a + "&amp;token=" + t + "\"><button type=\"submit\">Unsubscribe</button></form></body></html>");
    }

    private void check(String address, String token) {
        if (address == null || address.isBlank() || address.length() > 320 || token == null) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "invalid_request", "address and token are required");
        }
        if (!unsubscribes.valid(address, token)) {
            throw ProblemException.of(HttpStatus.FORBIDDEN, "unsubscribe_link_invalid",
                    "this unsubscribe link is not one Paybus sent to this address");
        }
    }
}
