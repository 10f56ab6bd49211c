package io.paybus.deploy;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code ./deploy/mailbox.sh ADDRESS [--imap PORT]}: the mails the local stack's mail server holds
 * for an address, newest last, read over IMAP.
 */
public final class MailboxCli {

    private MailboxCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        if (args.length != 1 && args.length != 3) {
            out.println("usage: mailbox ADDRESS [--imap PORT]   (the local stack's IMAP is 127.0.0.1:3143)");
            return 2;
        }
        int imap = args.length == 3 && args[1].equals("--imap") ? Integer.parseInt(args[2]) : 3143;
        try {
            List<MailServer.Mail> mails = MailServer.read(imap, args[0]);
            if (mails.isEmpty()) {
                out.println("no mail for " + args[0]);
            }
            for (MailServer.Mail mail : mails) {
                out.println("From:    " + mail.from());
                out.println("Subject: " + mail.subject());
                for (String attachment : mail.attachments()) {
                    out.println("Attached: " + attachment);
                }
                out.println();
                out.println(mail.text().strip());
                out.println("----");
            }
            return 0;
        } catch (Exception e) {
            out.println("cannot read the mailbox of " + args[0] + " on 127.0.0.1:" + imap + " (is the stack up?): " + e);
            return 1;
        }
    }
}
