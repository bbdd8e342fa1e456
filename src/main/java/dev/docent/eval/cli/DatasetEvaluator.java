package dev.docent.eval.cli;

/** Evaluates one dataset format against a server. */
interface DatasetEvaluator {
    Report evaluate(DocentClient client, EvalOptions options);
}
