package io.paybus.billing.receipt;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;

/** A receipt rendered as a PDF (OpenPDF): seller, buyer, the line, payment, credit notes. */
final class ReceiptPdf {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private ReceiptPdf() {
    }

    static byte[] render(Receipt receipt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4, 56, 56, 56, 56);
        try {
            PdfWriter.getInstance(document, out);
            document.addTitle("Receipt " + receipt.number());
            document.open();
            Font title = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 18);
            Font bold = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 10);
            Font plain = FontFactory.getFont(FontFactory.HELVETICA, 10);
            document.add(new Paragraph("Receipt " + receipt.number(), title));
            document.add(new Paragraph("Issued " + DATE.format(receipt.issuedAt()), plain));
            document.add(new Paragraph(" "));
            document.add(new Paragraph("From", bold));
            document.add(new Paragraph(lines(receipt.seller()), plain));
            document.add(new Paragraph("To", bold));
            String buyer = lines(receipt.buyer());
            document.add(new Paragraph(buyer.isBlank() ? "(as known to the payment provider)" : buyer, plain));
            document.add(new Paragraph(" "));
            PdfPTable table = new PdfPTable(new float[] {4, 1});
            table.setWidthPercentage(100);
            table.addCell(new Paragraph("Description", bold));
            table.addCell(new Paragraph("Amount", bold));
            table.addCell(new Paragraph(receipt.description(), plain));
            table.addCell(new Paragraph(money(receipt.amount(), receipt.currency()), plain));
            for (Receipt.CreditNote note : receipt.creditNotes()) {
                table.addCell(new Paragraph("Credit note " + note.number() + " (" + note.kind().replace('_', ' ')
                        + ", " + DATE.format(note.issuedAt()) + ")", plain));
                table.addCell(new Paragraph("-" + money(note.amount(), note.currency()), plain));
            }
            table.addCell(new Paragraph("Total paid", bold));
            table.addCell(new Paragraph(money(receipt.amount() - receipt.refunded(), receipt.currency()), bold));
            document.add(table);
            document.add(new Paragraph(" "));
            document.add(new Paragraph("Paid with " + (receipt.paymentMethod() == null ? "card"
                    : receipt.paymentMethod().toLowerCase(java.util.Locale.ROOT)) + ", reference "
                    + receipt.providerRef(), plain));
            if (receipt.disputeLostAt() != null) {
                document.add(new Paragraph("The payment was disputed and returned to the buyer on "
                        + DATE.format(receipt.disputeLostAt()) + ".", plain));
            }
            document.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("receipt " + receipt.number() + " could not be rendered", e);
        }
        return out.toByteArray();
    }

    private static String lines(Receipt.Party party) {
        StringBuilder text = new StringBuilder();
        for (String line : new String[] {party.name(), party.address(), party.taxId() == null ? null
                : "Tax id " + party.taxId(), party.email(), party.country()}) {
            if (line != null && !line.isBlank()) {
                text.append(text.isEmpty() ? "" : "\n").append(line);
            }
        }
        return text.toString();
    }

    /** {@code 12.34 EUR}, {@code 1234 JPY}: by the currency's fraction digits. */
    static String money(long minor, String currency) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return BigDecimal.valueOf(minor, digits).toPlainString() + " " + currency;
    }
}
