package io.paybus.console.web;

import static io.paybus.console.web.OrdersController.query;

import io.paybus.console.api.PaybusApi;
import io.paybus.console.api.Service;
import java.util.Arrays;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** Each service's audit log ({@code /admin/audit}): who did what, to what, why, and what came of it. */
@Controller
class AuditController {

    private final PaybusApi api;

    AuditController(PaybusApi api) {
        this.api = api;
    }

    @GetMapping("/audit")
    String overview() {
        return "redirect:/audit/order";
    }

    @GetMapping("/audit/{service}")
    String audit(@PathVariable String service, @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action, @RequestParam(required = false) String target,
            @RequestParam(required = false) String cursor, Model model) {
        Service of = Service.of(service);
        Map<String, Object> page = api.get(of, "/admin/audit", query("actor", actor, "action", action, "target", target,
                "cursor", cursor, "limit", 50)).map();
        model.addAttribute("service", of);
        model.addAttribute("services", Arrays.asList(Service.values()));
        model.addAttribute("filter", query("actor", actor, "action", action, "target", target));
        model.addAttribute("entries", page.get("entries"));
        model.addAttribute("nextCursor", page.get("nextCursor"));
        return "audit";
    }
}
