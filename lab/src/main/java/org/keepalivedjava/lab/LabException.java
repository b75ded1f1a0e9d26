package org.keepalivedjava.lab;

/** A lab step that cannot go on (setup failed, bad input); printed as one line, never as a stack trace. */
public final class LabException extends RuntimeException {
    public LabException(String message) {
        super(message);
    }
}
