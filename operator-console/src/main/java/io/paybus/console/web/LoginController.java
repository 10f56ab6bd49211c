package io.paybus.console.web;

import io.paybus.console.security.OperatorSignIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Sign-in with an operator's API key; {@code /} goes to the order search. */
@Controller
class LoginController {

    private final OperatorSignIn signIn;

    LoginController(OperatorSignIn signIn) {
        this.signIn = signIn;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/orders";
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @PostMapping("/login")
    String signIn(@RequestParam(required = false) String apiKey, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        try {
            signIn.signIn(apiKey, request, response);
            return "redirect:/orders";
        } catch (OperatorSignIn.Refused refused) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            model.addAttribute("refused", refused.getMessage());
            return "login";
        }
    }
}
