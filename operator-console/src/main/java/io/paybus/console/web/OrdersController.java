package io.paybus.console.web;

import io.paybus.console.api.PaybusApi;
import io.paybus.console.api.Service;
import io.paybus.console.api.ServiceProblem;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Orders: the search ({@code GET /orders} of the order service), one order with its event
 * timeline, its receipt, its parked records and, on request, what the provider says about it now;
 * and the operator's interventions, each with a reason.
 */
@Controller
class OrdersController {

    static final List<String> STATUSES = List.of("AWAITING_PAYMENT", "PROCESSING", "REQUIRES_ACTION",
            "PAYMENT_FAILED", "CANCELED", "PAYMENT_MISMATCH", "PAID", "PARTIALLY_REFUNDED", "REFUNDED", "DISPUTED",
            "DISPUTE_WON", "DISPUTE_LOST");
    static final List<String> INTERVENTIONS = List.of("note", "mark_paid", "mark_failed", "cancel", "requery");

    private final PaybusApi api;

    OrdersController(PaybusApi api) {
        this.api = api;
    }

    /** Dates are whole UTC days: "from" its first instant, "to" up to the end of that day. */
    @GetMapping("/orders")
    String search(@RequestParam Map<String, String> form, Model model) {
        String id = form.getOrDefault("orderId", "").strip();
        if (!id.isEmpty()) {
            return "redirect:/orders/" + org.springframework.web.util.UriUtils.encodePathSegment(id,
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (String name : List.of("status", "provider", "customerEmail", "customerId", "currency", "amountMin",
                "amountMax", "sort", "cursor", "deadLetter")) {
            query.put(name, form.get(name));
        }
        query.put("createdFrom", day(form.get("createdFrom"), 0));
        query.put("createdTo", day(form.get("createdTo"), 1));
        query.put("limit", "25");
        model.addAttribute("form", form);
        model.addAttribute("statuses", STATUSES);
        try {
            PaybusApi.Answer page = api.get(Service.ORDER, "/orders", query);
            model.addAttribute("orders", page.map().get("orders"));
            model.addAttribute("nextCursor", page.map().get("nextCursor"));
        } catch (ServiceProblem refused) {
            if (refused.status() != 400 || refused.service() == null) {
                throw refused;
            }
            model.addAttribute("orders", List.of());
            model.addAttribute("invalid", refused.title() + (refused.detail() == null ? "" : ": " + refused.detail()));
        }
        return "orders";
    }

    @GetMapping("/orders/{orderId}")
    String order(@PathVariable String orderId, @RequestParam(required = false) Long after,
            @RequestParam(required = false) Boolean live, Model model) {
        Map<String, Object> history = api.get(Service.ORDER, "/orders/{id}/history", query("after", after,
                "limit", 100), orderId).map();
        model.addAttribute("orderId", orderId);
        model.addAttribute("history", history);
        model.addAttribute("order", optional(() -> api.get(Service.ORDER, "/orders/{id}", Map.of(), orderId).map()));
        model.addAttribute("receipt", optional(() -> api.get(Service.BILLING, "/orders/{id}/receipt", Map.of(),
                orderId).map()));
        model.addAttribute("deadLetters", api.get(Service.ORDER, "/dead-letters", Map.of("key", orderId, "limit",
                20)).list());
        if (Boolean.TRUE.equals(live)) {
            try {
                Map<String, Object> view = api.get(Service.ORDER, "/orders/{id}/provider", Map.of(), orderId).map();
                model.addAttribute("live", view);
                model.addAttribute("liveOurs", view.get("ours") instanceof Map<?, ?> ours ? ours : Map.of());
                model.addAttribute("liveProvider", view.get("provider") instanceof Map<?, ?> theirs ? theirs : Map.of());
            } catch (ServiceProblem unavailable) {
                model.addAttribute("liveProblem", unavailable.getMessage());
            }
        }
        model.addAttribute("interventions", INTERVENTIONS);
        return "order";
    }

    @PostMapping("/orders/{orderId}/interventions")
    String intervene(@PathVariable String orderId, @RequestParam String action,
            @RequestParam(required = false) String reason, @RequestParam(required = false) String paymentRef,
            RedirectAttributes flash) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", action);
        body.put("reason", reason == null || reason.isBlank() ? null : reason.strip());
        body.put("paymentRef", paymentRef == null || paymentRef.isBlank() ? null : paymentRef.strip());
        return Outcome.of(flash, "/orders/" + org.springframework.web.util.UriUtils.encodePathSegment(orderId,
                java.nio.charset.StandardCharsets.UTF_8), () -> {
            Map<String, Object> done = api.post(Service.ORDER, "/orders/{id}/interventions", Map.of(), body, orderId)
                    .map();
            return action + " recorded; the order is " + done.get("status");
        });
    }

    private static String day(String date, int plusDays) {
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(date.strip()).plusDays(plusDays).atStartOfDay().toInstant(ZoneOffset.UTC).toString();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("a date is yyyy-mm-dd, not " + date);
        }
    }

    static Map<String, Object> query(Object... namesAndValues) {
        Map<String, Object> query = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            query.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return query;
    }

    /** What a service has, or null when it has nothing (404): the page shows "none". */
    static Map<String, Object> optional(java.util.function.Supplier<Map<String, Object>> call) {
        try {
            return call.get();
        } catch (ServiceProblem problem) {
            if (problem.status() == 404) {
                return null;
            }
            throw problem;
        }
    }
}
