package dev.reel.delivery.signing;

/**
 * A presentation whose signature checked out and whose policy lets this request through.
 *
 * @param policy the policy as checked; a canned one rebuilt from the URL
 * @param thisUrlAlone whether the signature is for the URL of this request alone: a canned
 *     policy, or a custom one whose {@code Resource} is that URL, written out (a {@code ?} in it
 *     then being the query's own, not a wildcard), rather than a pattern for many URLs
 */
public record Verified(Credentials credentials, Policy policy, boolean thisUrlAlone) {
}
