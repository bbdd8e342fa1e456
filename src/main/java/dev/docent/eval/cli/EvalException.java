package dev.docent.eval.cli;

/** An evaluation run that cannot go on; its message is printed as is. */
final class EvalException extends RuntimeException {
    EvalException(String message) {
        super(message);
    }
}
