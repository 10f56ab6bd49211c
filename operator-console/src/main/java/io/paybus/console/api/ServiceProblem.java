package io.paybus.console.api;

/**
 * A service refused a call (its problem+json: status, title, detail) or could not be reached
 * (status 502 or 504, {@code service} set). Pages show it as it came; actions show it beside the form.
 */
public class ServiceProblem extends RuntimeException {

    private final int status;
    private final String title;
    private final String detail;
    private final Service service;

    public ServiceProblem(int status, String title, String detail, Service service) {
        super(status + " " + title + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.service = service;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    /** Which service said it (null: the console itself). */
    public Service service() {
        return service;
    }

    /** The key was not accepted (revoked, or a service does not know it): the operator signs in again. */
    public boolean unauthenticated() {
        return status == 401;
    }
}
