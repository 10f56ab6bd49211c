package io.paybus.console.web;

import io.paybus.console.api.ServiceProblem;
import java.util.function.Supplier;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An action's result shown on the page it returns to (post, redirect, get): {@code done} when the
 * service accepted it, {@code refused} with the service's words when it did not.
 */
final class Outcome {

    private Outcome() {
    }

    static String of(RedirectAttributes flash, String back, Supplier<String> action) {
        try {
            flash.addFlashAttribute("done", action.get());
        } catch (ServiceProblem refused) {
            if (refused.unauthenticated()) {
                throw refused;
            }
            flash.addFlashAttribute("refused", (refused.service() == null ? "" : refused.service().title() + ": ")
                    + refused.status() + " " + refused.title() + (refused.detail() == null ? "" : " — " + refused.detail()));
        }
        return "redirect:" + back;
    }
}
