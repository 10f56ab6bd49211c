package io.paybus.billing.receipt;

import io.paybus.billing.BillingIds;
import io.paybus.platform.web.ProblemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /receipts/{number}} (JSON), {@code /receipts/{number}.pdf}, {@code GET /orders/{id}/receipt}. */
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

    private Receipt find(String number) {
        BillingIds.requireValid("receipt", number);
        return receipts.find(number).orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND, "receipt_not_found",
                "no receipt " + number));
    }
}
