package io.paybus.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.paybus.infra.Ports;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MailServerTest {

    /**
     * GreenMail gives each server 2 s to start by default. A clean-clone CI run on 2026-12-03
     * failed PaymentEndToEndIT with "Could not start mail server imap" while the whole stack was
     * starting on two busy cores; nothing was wrong with the server, it was just late.
     */
    @Test
    void theMailServersMayTakeAsLongToStartAsTheRestOfTheStack() {
        assertThat(MailServer.setups(Ports.free(), Ports.free())).hasSize(2).allSatisfy(setup ->
                assertThat(Duration.ofMillis(setup.getServerStartupTimeout())).isGreaterThanOrEqualTo(Duration.ofSeconds(30)));
    }

    @Test
    void aStartedMailServerTakesMailOverSmtpAndShowsItOverImap() throws Exception {
        int smtp = Ports.free();
        int imap = Ports.free();
        try (MailServer server = MailServer.start(smtp, imap)) {
            var session = jakarta.mail.Session.getInstance(new java.util.Properties());
            var message = new jakarta.mail.internet.MimeMessage(session);
            message.setFrom("paybus@paybus.local");
            message.setRecipients(jakarta.mail.Message.RecipientType.TO, "buyer@test.example");
            message.setSubject("Your receipt");
            message.setText("paid");
            var transport = session.getTransport("smtp");
            transport.connect("127.0.0.1", smtp, null, null);
            transport.sendMessage(message, message.getAllRecipients());
            transport.close();

            assertThat(MailServer.read(imap, "buyer@test.example")).extracting(MailServer.Mail::subject)
                    .containsExactly("Your receipt");
        }
    }
}
