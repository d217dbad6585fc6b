package org.ombuds.accounts.internal;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.ApiTokens;
import org.ombuds.accounts.IssuedToken;
import org.ombuds.accounts.PasswordSetups;
import org.ombuds.accounts.Role;
import org.ombuds.audit.AuditLog;
import org.ombuds.community.IdentityHandle;
import org.springframework.security.access.AccessDeniedException;
import org.ombuds.accounts.StaffUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Accounts and tokens", description = "Staff accounts (admins) and API tokens")
@SecurityRequirement(name = "bearer")
class AccountsApi {
    private final Accounts accounts;
    private final ApiTokens tokens;
    private final PasswordSetups setups;

    private final AuditLog audit;
    private final AccountHandles accountHandles;

    AccountsApi(Accounts accounts, ApiTokens tokens, PasswordSetups setups, AuditLog audit, AccountHandles accountHandles) {
        this.accountHandles = accountHandles;
        this.audit = audit;
        this.accounts = accounts;
        this.tokens = tokens;
        this.setups = setups;
    }

    record AccountView(String id, String email, String name, String role, boolean hasPassword, Instant createdAt,
                       Instant disabledAt) {
        static AccountView of(Account account) {
            return new AccountView(account.id(), account.email(), account.name(), account.role().id(), account.hasPassword(),
                    account.createdAt(), account.disabledAt());
        }
    }

    record NewAccount(String email, String name, String role) {
    }

    record CreatedAccount(String id, String setupUrl) {
    }

    record NewToken(Instant expiresAt, String label) {
    }

    record Handle(String handle) {
    }

    @GetMapping("/api/v1/accounts")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "All staff accounts (admins)")
    List<AccountView> list() {
        audit.record("list", "account", null, null);
        return accounts.all().stream().map(AccountView::of).toList();
    }

    @PostMapping("/api/v1/accounts")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Create a staff account (admins); answers with a one-time link to set the password")
    ResponseEntity<CreatedAccount> create(@RequestBody NewAccount body) {
        Account account = accounts.add(body.email(), body.name(), body.role());
        return ResponseEntity.created(URI.create("/api/v1/accounts/" + account.id()))
                .body(new CreatedAccount(account.id(), setups.issue(account.id())));
    }

    @PostMapping("/api/v1/accounts/{id}/disable")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Disable an account and revoke its tokens (admins)")
    void disable(@PathVariable String id) {
        accounts.disable(id);
    }

    @PostMapping("/api/v1/accounts/{id}/handles")
    @Operation(summary = "Link an account to the person it is, by one of their handles (admins, or the account itself):"
            + " its holder is then recused from every case about or from that person; a github or gitlab handle linked"
            + " here also signs the account in through that provider, when single sign-on is configured")
    AccountView linkHandle(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody Handle body) {
        if (user.role() != Role.ADMIN && !user.accountId().equals(id)) {
            throw new AccessDeniedException("only admins link other accounts");
        }
        if (body == null) throw new org.ombuds.platform.InvalidInputException("handle", "handle is required");
        return AccountView.of(accountHandles.link(user.accountId(), id, IdentityHandle.parse(body.handle())));
    }

    @GetMapping("/api/v1/me")
    @Operation(summary = "The account this token belongs to")
    AccountView me(@AuthenticationPrincipal StaffUser user) {
        return AccountView.of(accounts.require(user.accountId()));
    }

    @GetMapping("/api/v1/tokens")
    @Operation(summary = "My API tokens (never their secrets)")
    List<ApiTokens.TokenInfo> myTokens(@AuthenticationPrincipal StaffUser user) {
        return tokens.of(user.accountId());
    }

    @PostMapping("/api/v1/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create another token for my account; the secret is shown only in this answer")
    IssuedToken create(@AuthenticationPrincipal StaffUser user, @RequestBody(required = false) NewToken body) {
        NewToken request = body == null ? new NewToken(null, null) : body;
        return tokens.createForAccount(user.email(), request.expiresAt(), request.label());
    }

    @DeleteMapping("/api/v1/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke a token (my own; admins any)")
    void revoke(@AuthenticationPrincipal StaffUser user, @PathVariable String id) {
        tokens.revokeById(id, user);
    }

    @PostMapping("/api/v1/spaces/{slug}/tokens")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a token for a space's integration (ban checks only; admins)")
    IssuedToken spaceToken(@PathVariable String slug, @RequestBody(required = false) NewToken body) {
        NewToken request = body == null ? new NewToken(null, null) : body;
        return tokens.createForSpace(slug, request.expiresAt(), request.label());
    }
}
