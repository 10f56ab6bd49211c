package io.paybus.deploy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The local stack's mail server: GreenMail (a real SMTP and IMAP server) on loopback. A mailbox is
 * made for every address mail arrives for; its login and password are the address. Mail is kept in
 * memory (a restart forgets it). {@link #read} reads a mailbox over IMAP, as {@code mailbox.sh} does.
 */
final class MailServer implements AutoCloseable {

    /** A mail as read back: its subject, sender and plain text. */
    /** A mail as read over IMAP: its subject, sender, plain text, and the names of its attachments. */
    record Mail(String subject, String from, String text, List<String> attachments) {
    }

    private final GreenMail greenMail;

    private MailServer(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    static MailServer start(int smtpPort, int imapPort) {
        GreenMail server = new GreenMail(setups(smtpPort, imapPort));
        server.start();
        return new MailServer(server);
    }

    /**
     * SMTP and IMAP on loopback, each given 30 s to start: GreenMail's 2 s default was too short
     * on two busy cores while the rest of the stack started (a CI run failed on it).
     */
    static ServerSetup[] setups(int smtpPort, int imapPort) {
        ServerSetup[] setups = {
                new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)};
        for (ServerSetup setup : setups) {
            setup.setServerStartupTimeout(STARTUP_TIMEOUT.toMillis());
        }
        return setups;
    }

    private static final java.time.Duration STARTUP_TIMEOUT = java.time.Duration.ofSeconds(30);

    /** The mailbox of {@code address} over IMAP on {@code imapPort}; empty when nothing came for it. */
    static List<Mail> read(int imapPort, String address) throws MessagingException, IOException {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        try {
            store.connect("127.0.0.1", imapPort, address, address);
        } catch (jakarta.mail.AuthenticationFailedException none) {
            return List.of(); // no mail came for it yet: GreenMail made no mailbox
        }
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<Mail> mails = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                mails.add(new Mail(message.getSubject(), message.getFrom()[0].toString(), text(message.getContent()),
                        attachments(message.getContent())));
            }
            inbox.close(false);
            return mails;
        } finally {
            store.close();
        }
    }

    private static List<String> attachments(Object content) throws MessagingException, IOException {
        List<String> names = new ArrayList<>();
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) && part.getFileName() != null) {
                    names.add(part.getFileName() + " (" + part.getContentType().split(";")[0].trim().toLowerCase()
                            + ", " + part.getInputStream().readAllBytes().length + " bytes)");
                } else if (part.getContent() instanceof Multipart inner) {
                    names.addAll(attachments(inner));
                }
            }
        }
        return names;
    }

    private static String text(Object content) throws MessagingException, IOException {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    return (String) part.getContent();
                }
                if (part.getContent() instanceof Multipart inner) {
                    String text = text(inner);
                    if (!text.isEmpty()) {
                        return text;
                    }
                }
            }
            return "";
        }
        return content == null ? "" : content.toString();
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
