package dev.reel.delivery.signing;

/**
 * A presentation whose signature checked out and whose policy lets this request through.
 *
 * @param policy the policy as checked; a canned one rebuilt from the URL
 */
public record Verified(Credentials credentials, Policy policy) {
}
