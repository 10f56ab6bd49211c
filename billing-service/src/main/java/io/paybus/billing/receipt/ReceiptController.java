package io.paybus.billing.receipt;

import io.paybus.billing.BillingIds;
import io.paybus.platform.web.ProblemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import java.util.List;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /receipts/{number}} (JSON), {@code /receipts/{number}.pdf}, {@code GET /orders/{id}/receipt},
 * {@code GET /customers/{id}/receipts}.
 */
@RestController
class ReceiptController {

    private final Receipts receipts;

    ReceiptController(Receipts receipts) {
        this.receipts = receipts;
    }

    @GetMapping("/receipts/{number}")
    Receipt receipt(@PathVariable String number) {
        return find(number);
    }

    @GetMapping("/receipts/{number}.pdf")
    ResponseEntity<byte[]> pdf(@PathVariable String number) {
        Receipt receipt = find(number);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + receipt.number() + ".pdf\"")
                .body(ReceiptPdf.render(receipt));
    }

    @GetMapping("/orders/{orderId}/receipt")
    Receipt ofOrder(@PathVariable String orderId) {
        BillingIds.requireValid("order", orderId);
        return receipts.ofOrder(orderId).orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND,
                "receipt_not_found", "no receipt of order " + orderId + " (not paid, or paid before receipts were kept)"));
    }

    /** A page of the customer's receipts, newest first. */
    record Page(List<Receipt> receipts, String nextBefore) {
    }

    @GetMapping("/customers/{customerId}/receipts")
    Page ofCustomer(@PathVariable String customerId, @RequestParam(required = false) String before,
            @RequestParam(defaultValue = "50") int limit) {
        BillingIds.requireValid("customer", customerId);
        if (limit < 1 || limit > 200) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "invalid_request", "limit must be 1-200");
        }
        java.time.Instant until;
        try {
            until = before == null ? null : java.time.Instant.parse(before);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "field_invalid", "before is an instant",
                    java.util.Map.of("field", "before"));
        }
        List<Receipt> page = receipts.ofCustomer(customerId, until, limit);
        return new Page(page, page.size() == limit ? page.get(page.size() - 1).issuedAt().toString() : null);
    }

    private Receipt find(String number) {
        BillingIds.requireValid("receipt", number);
        return receipts.find(number).orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND, "receipt_not_found",
                "no receipt " + number));
    }
}
