package dev.docent.security.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditActionTest {
    static final String C = "/v1/collections/3f1c0a9e-1b2c-4d5e-8f90-123456789abc";

    @Test
    void asksUploadsDeletesAclAndMembershipChangesAreAudited() {
        assertThat(AuthFilter.auditAction(C + "/answers", "POST")).contains("answer.ask");
        assertThat(AuthFilter.auditAction(C + "/documents", "POST")).contains("document.upload");
        assertThat(AuthFilter.auditAction(C + "/documents/x/reingest", "POST")).contains("document.reingest");
        assertThat(AuthFilter.auditAction(C + "/documents/x", "DELETE")).contains("document.delete");
        assertThat(AuthFilter.auditAction(C + "/documents/x/acl", "PUT")).contains("document.acl");
        assertThat(AuthFilter.auditAction(C + "/documents/x/metadata", "PUT")).contains("document.metadata");
        assertThat(AuthFilter.auditAction(C + "/members", "PUT")).contains("member.set");
        assertThat(AuthFilter.auditAction(C, "DELETE")).contains("collection.delete");
        assertThat(AuthFilter.auditAction(C, "PATCH")).contains("collection.update");
        assertThat(AuthFilter.auditAction(C + "/search", "POST")).isEmpty();
        assertThat(AuthFilter.auditAction(C + "/documents", "GET")).isEmpty();
    }
}
