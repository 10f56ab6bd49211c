package io.paybus.console.web;

import static io.paybus.console.web.OrdersController.query;

import io.paybus.console.api.PaybusApi;
import io.paybus.console.api.Service;
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
 * Dead letters of every service that parks records ({@code /dead-letters}: list, inspect the
 * decoded record, replay one, replay all, discard, each with a reason) and of the order service's
 * read model ({@code /projection-dead-letters}). While records are being replayed the list
 * refreshes itself, so the operator watches them go.
 */
@Controller
class DeadLettersController {

    private static final int PAGE = 50;
    static final List<String> STATUSES = List.of("PARKED", "REPLAYING", "REPLAYED", "DISCARDED");

    private final PaybusApi api;

    DeadLettersController(PaybusApi api) {
        this.api = api;
    }

    @GetMapping("/dead-letters")
    String overview() {
        return "redirect:/dead-letters/order";
    }

    @GetMapping("/dead-letters/{service}")
    String list(@PathVariable String service, @RequestParam(required = false) String status,
            @RequestParam(required = false) String key, @RequestParam(required = false) String error,
            @RequestParam(required = false) String consumer, @RequestParam(required = false) Long after, Model model) {
        Service of = parking(service);
        List<Map<String, Object>> letters = api.get(of, "/dead-letters", query("status", status, "key", key, "error",
                error, "consumer", consumer, "after", after, "limit", PAGE)).list();
        long open = api.get(of, "/dead-letters", query("status", "PARKED", "limit", 1000)).list().size();
        long replaying = api.get(of, "/dead-letters", query("status", "REPLAYING", "limit", 1000)).list().size();
        model.addAttribute("service", of);
        model.addAttribute("letters", letters);
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("filter", query("status", status, "key", key, "error", error, "consumer", consumer));
        model.addAttribute("parked", open);
        model.addAttribute("replaying", replaying);
        if (replaying > 0) {
            model.addAttribute("refresh", 2);
        }
        model.addAttribute("nextAfter", letters.size() == PAGE ? letters.get(PAGE - 1).get("id") : null);
        return "dead-letters";
    }

    @GetMapping("/dead-letters/{service}/{id}")
    String inspect(@PathVariable String service, @PathVariable long id, Model model) {
        Service of = parking(service);
        Map<String, Object> inspected = api.get(of, "/dead-letters/{id}", Map.of(), id).map();
        model.addAttribute("service", of);
        model.addAttribute("letter", inspected.get("deadLetter"));
        model.addAttribute("record", inspected.get("record") == null ? null : Json.pretty(inspected.get("record")));
        model.addAttribute("unreadable", inspected.get("unreadable"));
        model.addAttribute("raw", inspected.get("rawBase64"));
        return "dead-letter";
    }

    @PostMapping("/dead-letters/{service}/{id}/replay")
    String replay(@PathVariable String service, @PathVariable long id, @RequestParam(required = false) String reason,
            RedirectAttributes flash) {
        Service of = parking(service);
        return Outcome.of(flash, "/dead-letters/" + of.id() + "/" + id, () -> "replayed "
                + api.post(of, "/dead-letters/{id}/replay", Map.of(), because(reason), id).map()
                .get("replayed"));
    }

    @PostMapping("/dead-letters/{service}/{id}/discard")
    String discard(@PathVariable String service, @PathVariable long id, @RequestParam(required = false) String reason,
            RedirectAttributes flash) {
        Service of = parking(service);
        return Outcome.of(flash, "/dead-letters/" + of.id() + "/" + id, () -> "discarded "
                + api.post(of, "/dead-letters/{id}/discard", Map.of(), because(reason), id).map()
                .get("discarded"));
    }

    @PostMapping("/dead-letters/{service}/replay-all")
    String replayAll(@PathVariable String service, @RequestParam(required = false) String reason,
            @RequestParam(required = false) String error, @RequestParam(required = false) String consumer,
            RedirectAttributes flash) {
        Service of = parking(service);
        return Outcome.of(flash, "/dead-letters/" + of.id() + "?status=REPLAYING", () -> api.post(of,
                "/dead-letters/replay-all", query("error", error, "consumer", consumer), because(reason)).map().get("replayed") + " record(s) sent back to their topics");
    }

    @GetMapping("/read-model/dead-letters")
    String projection(@RequestParam(required = false) String order, @RequestParam(required = false) String cursor,
            Model model) {
        PaybusApi.Answer page = api.get(Service.ORDER, "/projection-dead-letters", query("order", order, "cursor",
                cursor, "limit", PAGE));
        model.addAttribute("letters", page.list());
        model.addAttribute("order", order);
        model.addAttribute("nextCursor", page.header("Paybus-Next-Cursor").orElse(null));
        return "read-model-dead-letters";
    }

    @PostMapping("/read-model/dead-letters/replay")
    String projectionReplay(@RequestParam(required = false) String order, @RequestParam(required = false) String reason,
            RedirectAttributes flash) {
        return Outcome.of(flash, "/read-model/dead-letters", () -> {
            Map<String, Object> done = api.post(Service.ORDER, "/projection-dead-letters/replay", query("order",
                    order, "reason", reason(reason)), null).map();
            return done.get("sequencesProcessed") + " order(s) retried; " + done.get("remaining") + " still parked";
        });
    }

    @PostMapping("/read-model/dead-letters/discard")
    String projectionDiscard(@RequestParam String order, @RequestParam(required = false) String reason,
            RedirectAttributes flash) {
        return Outcome.of(flash, "/read-model/dead-letters", () -> "discarded " + api.post(Service.ORDER,
                "/projection-dead-letters/discard", query("order", order, "reason", reason(reason)), null).map()
                .get("discarded") + " of " + order);
    }

    /** The body of a verb: its reason (none when blank, so that the service refuses it in its own words). */
    static Map<String, Object> because(String reason) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("reason", reason(reason));
        return body;
    }

    /** A blank reason is sent as none, so that the service refuses it in its own words. */
    static String reason(String reason) {
        return reason == null || reason.isBlank() ? null : reason.strip();
    }

    private static Service parking(String id) {
        Service service = Service.of(id);
        if (!service.parksRecords()) {
            throw new io.paybus.console.api.ServiceProblem(404, "no dead letters", service.title()
                    + " parks no records", null);
        }
        return service;
    }
}
