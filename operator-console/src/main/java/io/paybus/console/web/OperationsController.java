package io.paybus.console.web;

import io.paybus.console.api.PaybusApi;
import io.paybus.console.api.Service;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The order read model: how far it is, and a rebuild from the event store (followed while it runs). */
@Controller
class OperationsController {

    private final PaybusApi api;

    OperationsController(PaybusApi api) {
        this.api = api;
    }

    @GetMapping("/read-model")
    String readModel(Model model) {
        Map<String, Object> progress = api.get(Service.ORDER, "/admin/projections/order-summary", Map.of()).map();
        model.addAttribute("progress", progress);
        if (Boolean.TRUE.equals(progress.get("replaying"))) {
            model.addAttribute("refresh", 2);
        }
        return "read-model";
    }

    @PostMapping("/read-model/rebuild")
    String rebuild(@RequestParam(required = false) String reason, RedirectAttributes flash) {
        return Outcome.of(flash, "/read-model", () -> {
            Map<String, Object> progress = api.post(Service.ORDER, "/admin/projections/order-summary/rebuild",
                    OrdersController.query("reason", DeadLettersController.reason(reason)), null).map();
            return "rebuild started: " + progress.get("head") + " event(s) to replay";
        });
    }
}
