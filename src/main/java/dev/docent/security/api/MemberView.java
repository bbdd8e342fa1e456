package dev.docent.security.api;

/** A collection member: {@code user:<name>} or {@code group:<name>} with role reader, writer or admin. */
public record MemberView(String principal, String role) {}
