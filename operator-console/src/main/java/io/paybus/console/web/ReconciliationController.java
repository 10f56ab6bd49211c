package io.paybus.console.web;

import static io.paybus.console.web.OrdersController.query;

import io.paybus.console.api.PaybusApi;
import io.paybus.console.api.Service;
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
 * What webhooks never delivered and where our state and the provider's differ: the ingest
 * service's reconciliation runs (sweeps and backfills, with their progress, rate, ETA and loss
 * rate), and the drift findings of the order and billing services; start a sweep, a backfill or
 * a drift check, cancel a run, repair an order's drift, each with a reason.
 */
@Controller
class ReconciliationController {

    private final PaybusApi api;

    ReconciliationController(PaybusApi api) {
        this.api = api;
    }

    @GetMapping("/reconciliation")
    String overview(@RequestParam(required = false) Long before, Model model) {
        model.addAttribute("accounts", api.get(Service.INGEST, "/admin/reconcile/accounts", Map.of()).map()
                .get("accounts"));
        Map<String, Object> runs = api.get(Service.INGEST, "/admin/reconcile/runs", query("before", before, "limit",
                20)).map();
        model.addAttribute("runs", runs.get("runs"));
        model.addAttribute("nextBefore", runs.get("nextBefore"));
        if (((List<?>) runs.getOrDefault("runs", List.of())).stream().anyMatch(ReconciliationController::running)) {
            model.addAttribute("refresh", 2);
        }
        model.addAttribute("orderDrift", api.get(Service.ORDER, "/admin/drift", query("limit", 20)).map()
                .get("findings"));
        model.addAttribute("billingDrift", api.get(Service.BILLING, "/admin/drift", query("limit", 20)).map()
                .get("findings"));
        return "reconciliation";
    }

    @GetMapping("/reconciliation/runs/{id}")
    String run(@PathVariable long id, Model model) {
        Map<String, Object> view = api.get(Service.INGEST, "/admin/reconcile/runs/{id}", Map.of(), id).map();
        model.addAttribute("view", view);
        if (running(view)) {
            model.addAttribute("refresh", 2);
        }
        return "reconcile-run";
    }

    @PostMapping("/reconciliation/sweep")
    String sweep(@RequestParam(required = false) String account, @RequestParam(required = false) String reason,
            RedirectAttributes flash) {
        return Outcome.of(flash, "/reconciliation", () -> ((List<?>) api.post(Service.INGEST,
                "/admin/reconcile/sweep", query("account", account), DeadLettersController.because(reason)).map()
                .getOrDefault("runs", List.of())).size() + " sweep run(s) started");
    }

    @PostMapping("/reconciliation/backfill")
    String backfill(@RequestParam(required = false) String account, @RequestParam(required = false) String since,
            @RequestParam(required = false) String until, @RequestParam(required = false) Boolean objects,
            @RequestParam(required = false) String reason, RedirectAttributes flash) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("account", account == null || account.isBlank() ? null : account);
        body.put("since", instant(since));
        body.put("until", instant(until));
        body.put("objects", Boolean.TRUE.equals(objects));
        body.put("reason", DeadLettersController.reason(reason));
        return Outcome.of(flash, "/reconciliation", () -> ((List<?>) api.post(Service.INGEST,
                "/admin/reconcile/backfill", Map.of(), body).map().getOrDefault("runs", List.of())).size()
                + " backfill run(s) started");
    }

    @PostMapping("/reconciliation/runs/{id}/cancel")
    String cancel(@PathVariable long id, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return Outcome.of(flash, "/reconciliation/runs/" + id, () -> "run " + id + " is " + ((Map<?, ?>) api.post(
                Service.INGEST, "/admin/reconcile/runs/{id}/cancel", Map.of(), DeadLettersController.because(reason),
                id).map().get("run")).get("status"));
    }

    @PostMapping("/reconciliation/drift-checks")
    String check(@RequestParam String service, @RequestParam(required = false) Integer sample,
            @RequestParam(required = false) String reason, RedirectAttributes flash) {
        Service of = Service.of(service);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sample", sample == null ? 20 : sample);
        body.put("reason", DeadLettersController.reason(reason));
        return Outcome.of(flash, "/reconciliation", () -> {
            Map<?, ?> check = (Map<?, ?>) api.post(of, "/admin/drift/checks", Map.of(), body).map().get("check");
            return of.title() + " checked " + check.get("checked") + ", drifted " + check.get("drifted")
                    + ", unreachable " + check.get("unreachable");
        });
    }

    @PostMapping("/reconciliation/drift-repairs")
    String repair(@RequestParam String order, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("order", order);
        body.put("reason", DeadLettersController.reason(reason));
        return Outcome.of(flash, "/reconciliation", () -> {
            Map<String, Object> repair = api.post(Service.ORDER, "/admin/drift/repairs", Map.of(), body).map();
            return "order " + order + ": " + repair.getOrDefault("factsRecorded", 0) + " fact(s) recorded";
        });
    }

    /** A run view ({@code {run: {status…}, progress…}}) whose run is still going. */
    private static boolean running(Object view) {
        return view instanceof Map<?, ?> map && map.get("run") instanceof Map<?, ?> run
                && "RUNNING".equals(run.get("status"));
    }

    private static String instant(String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        return LocalDate.parse(date.strip()).atStartOfDay().toInstant(ZoneOffset.UTC).toString();
    }
}
