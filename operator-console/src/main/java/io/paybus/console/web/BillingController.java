package io.paybus.console.web;

import static io.paybus.console.web.OrdersController.query;

import io.paybus.console.api.PaybusApi;
import io.paybus.console.api.Service;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The billing service's side: subscriptions (search and one), a customer (subscriptions, credit
 * balance and ledger, unbilled usage, receipts) with a credit grant, and a receipt's PDF.
 */
@Controller
class BillingController {

    static final List<String> STATUSES = List.of("trialing", "active", "past_due", "paused", "canceled");

    private final PaybusApi api;

    BillingController(PaybusApi api) {
        this.api = api;
    }

    @GetMapping("/subscriptions")
    String search(@RequestParam Map<String, String> form, Model model) {
        String customer = form.getOrDefault("customerId", "").strip();
        Map<String, Object> page = api.get(Service.BILLING, "/subscriptions", query("status", form.get("status"),
                "provider", form.get("provider"), "customerId", customer, "planId", form.get("planId"), "sort",
                form.get("sort"), "cursor", form.get("cursor"), "limit", 25)).map();
        model.addAttribute("form", form);
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("subscriptions", page.get("subscriptions"));
        model.addAttribute("nextCursor", page.get("nextCursor"));
        return "subscriptions";
    }

    @GetMapping("/subscriptions/{id}")
    String subscription(@PathVariable String id, Model model) {
        model.addAttribute("subscription", api.get(Service.BILLING, "/subscriptions/{id}", Map.of(), id).map());
        return "subscription";
    }

    @GetMapping("/customers/{id}")
    String customer(@PathVariable String id, @RequestParam(required = false) String before, Model model) {
        model.addAttribute("customerId", id);
        model.addAttribute("credits", api.get(Service.BILLING, "/customers/{id}/credits", Map.of(), id).map());
        model.addAttribute("usage", api.get(Service.BILLING, "/customers/{id}/usage", Map.of(), id).map());
        model.addAttribute("subscriptions", api.get(Service.BILLING, "/customers/{id}/subscriptions",
                query("limit", 50), id).list());
        Map<String, Object> receipts = api.get(Service.BILLING, "/customers/{id}/receipts", query("before", before,
                "limit", 25), id).map();
        model.addAttribute("receipts", receipts.get("receipts"));
        model.addAttribute("nextBefore", receipts.get("nextBefore"));
        model.addAttribute("grantKey", "console-" + UUID.randomUUID());
        return "customer";
    }

    /** A grant is idempotent on its key: the form carries one, so a resubmitted form grants once. */
    @PostMapping("/customers/{id}/credits/grant")
    String grant(@PathVariable String id, @RequestParam(required = false) String key,
            @RequestParam(required = false) Long amount, @RequestParam(required = false) String reason,
            RedirectAttributes flash) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", key == null || key.isBlank() ? "console-" + UUID.randomUUID() : key);
        body.put("amount", amount);
        body.put("reason", DeadLettersController.reason(reason));
        return Outcome.of(flash, "/customers/" + org.springframework.web.util.UriUtils.encodePathSegment(id,
                java.nio.charset.StandardCharsets.UTF_8), () -> {
            Map<String, Object> entry = api.post(Service.BILLING, "/customers/{id}/credits/grant", Map.of(), body, id)
                    .map();
            return "granted " + amount + " credit(s); balance " + entry.get("balance");
        });
    }

    @GetMapping("/receipts/{number}.pdf")
    ResponseEntity<byte[]> pdf(@PathVariable String number) {
        PaybusApi.Document pdf = api.download(Service.BILLING, "/receipts/{number}.pdf", number);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(pdf.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + number.replaceAll("[^A-Za-z0-9-]", "")
                        + ".pdf\"").body(pdf.bytes());
    }
}
