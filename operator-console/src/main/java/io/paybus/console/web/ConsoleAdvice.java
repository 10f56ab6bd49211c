package io.paybus.console.web;

import io.paybus.console.api.Service;
import io.paybus.console.api.ServiceProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every page has (who is signed in, the services with dead letters) and what a page shows
 * when a service refused or failed: the service's own problem, with its status, never a stack trace.
 */
@ControllerAdvice
class ConsoleAdvice {

    @ModelAttribute("operator")
    String operator(Principal principal) {
        return principal == null ? null : principal.getName();
    }

    @ModelAttribute("parkingServices")
    List<Service> parkingServices() {
        return Arrays.stream(Service.values()).filter(Service::parksRecords).toList();
    }

    @ExceptionHandler(ServiceProblem.class)
    String problem(ServiceProblem problem, HttpServletRequest request, HttpServletResponse response, Model model) {
        if (problem.unauthenticated()) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            return "redirect:/login?expired";
        }
        // The service's 4xx is this page's 4xx (an unknown order is a 404 here too); its failures are a bad gateway.
        response.setStatus(problem.status() >= 500 ? 502 : problem.status());
        model.addAttribute("problem", problem);
        model.addAttribute("operator", request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName());
        model.addAttribute("parkingServices", parkingServices());
        return "problem";
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, IllegalArgumentException.class})
    String badRequest(Exception e, HttpServletRequest request, HttpServletResponse response, Model model) {
        return problem(new ServiceProblem(400, "bad request", e.getMessage(), null), request, response, model);
    }
}
