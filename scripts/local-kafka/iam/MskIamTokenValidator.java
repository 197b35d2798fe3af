package dev.mskathena.local;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerExtensionsValidatorCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local broker's stand-in for MSK's IAM check on SASL OAUTHBEARER: accepts
 * only the token aws-msk-iam-sasl-signer produces (base64url of a SigV4
 * presigned GET https://kafka.REGION.amazonaws.com/?Action=kafka-cluster%3AConnect),
 * signed with the test credentials this broker was started with, fresh and not
 * expired. It checks the token only: no IAM policy is evaluated, as MSK would.
 * A refusal goes to the client as SASL_AUTHENTICATION_FAILED with the reason,
 * and to the broker log.
 *
 * JAAS options: accessKeyId, secretAccessKey, region.
 */
public class MskIamTokenValidator implements AuthenticateCallbackHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MskIamTokenValidator.class);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** The MSK signers presign for at most 15 minutes. */
    private static final long MAX_EXPIRES_SECONDS = 900;
    /** Clock skew SigV4 services tolerate for a signing time in the future. */
    private static final long MAX_SKEW_SECONDS = 300;
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private String accessKeyId;
    private String secretAccessKey;
    private String region;

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
        Map<String, ?> options = jaasConfigEntries.get(0).getOptions();
        accessKeyId = (String) options.get("accessKeyId");
        secretAccessKey = (String) options.get("secretAccessKey");
        region = (String) options.get("region");
        if (accessKeyId == null || secretAccessKey == null || region == null) {
            throw new IllegalArgumentException("MskIamTokenValidator needs the JAAS options accessKeyId, secretAccessKey and region");
        }
    }

    @Override
    public void close() {}

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof OAuthBearerValidatorCallback) {
                OAuthBearerValidatorCallback validation = (OAuthBearerValidatorCallback) callback;
                try {
                    validation.token(validate(validation.tokenValue()));
                } catch (Refused e) {
                    LOG.warn("IAM listener refused a token: {}", e.getMessage());
                    // Sent to the client as the reason of SASL_AUTHENTICATION_FAILED.
                    throw new SaslAuthenticationException("IAM token refused: " + e.getMessage());
                }
            } else if (callback instanceof OAuthBearerExtensionsValidatorCallback) {
                // The MSK signers send no SASL extensions; any that come are ignored, not trusted.
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }

    private static final class Refused extends Exception {
        Refused(String reason) {
            super(reason);
        }
    }

    private OAuthBearerToken validate(String token) throws Refused {
        String url;
        try {
            url = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refused("the token is not base64url text (expected the MSK IAM signer's token)");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new Refused("the token is not a presigned URL");
        }
        String host = "kafka." + region + ".amazonaws.com";
        if (!"https".equals(uri.getScheme()) || !host.equals(uri.getHost()) || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || "/".equals(uri.getRawPath()))) {
            throw new Refused("the token presigns " + uri.getScheme() + "://" + uri.getHost() + uri.getRawPath() + ", expected https://" + host + "/");
        }
        Map<String, String> query = new TreeMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                query.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        require(query, "Action", "kafka-cluster:Connect");
        require(query, "X-Amz-Algorithm", "AWS4-HMAC-SHA256");
        require(query, "X-Amz-SignedHeaders", "host");
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(present(query, "X-Amz-Date")));
        } catch (DateTimeParseException e) {
            throw new Refused("X-Amz-Date " + query.get("X-Amz-Date") + " is not yyyyMMdd'T'HHmmss'Z'");
        }
        long expires;
        try {
            expires = Long.parseLong(present(query, "X-Amz-Expires"));
        } catch (NumberFormatException e) {
            throw new Refused("X-Amz-Expires " + query.get("X-Amz-Expires") + " is not a number of seconds");
        }
        if (expires < 1 || expires > MAX_EXPIRES_SECONDS) {
            throw new Refused("X-Amz-Expires " + expires + " is outside 1.." + MAX_EXPIRES_SECONDS + " seconds");
        }
        Instant now = Instant.now();
        if (signedAt.isAfter(now.plusSeconds(MAX_SKEW_SECONDS))) throw new Refused("X-Amz-Date " + signedAt + " is in the future (clock skew over 5 minutes)");
        Instant expiry = signedAt.plusSeconds(expires);
        if (!now.isBefore(expiry)) throw new Refused("the token expired at " + expiry + " (signed " + signedAt + " for " + expires + " s)");
        String date = AMZ_DATE.format(signedAt).substring(0, 8);
        String scope = date + "/" + region + "/kafka-cluster/aws4_request";
        String credential = present(query, "X-Amz-Credential");
        if (!credential.equals(accessKeyId + "/" + scope)) {
            throw new Refused("X-Amz-Credential is " + credential + ", expected " + accessKeyId + "/" + scope
                + (credential.startsWith(accessKeyId + "/") ? "" : " (an access key this broker does not know)"));
        }
        String signature = present(query, "X-Amz-Signature");
        boolean matches = false;
        // The JS signer hashes an empty payload; SigV4 presigners may also use UNSIGNED-PAYLOAD.
        for (String payloadHash : new String[] {EMPTY_SHA256, "UNSIGNED-PAYLOAD"}) {
            matches |= MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII), sign(query, host, scope, payloadHash).getBytes(StandardCharsets.US_ASCII));
        }
        if (!matches) throw new Refused("the signature does not match (signed with another secret key, or the token was altered)");
        return new Token(token, accessKeyId, signedAt.toEpochMilli(), expiry.toEpochMilli());
    }

    private String sign(Map<String, String> query, String host, String scope, String payloadHash) {
        StringBuilder canonicalQuery = new StringBuilder();
        for (Map.Entry<String, String> e : query.entrySet()) {
            // Both signers add User-Agent after signing.
            if (e.getKey().equals("X-Amz-Signature") || e.getKey().equals("User-Agent")) continue;
            if (canonicalQuery.length() > 0) canonicalQuery.append('&');
            canonicalQuery.append(encode(e.getKey())).append('=').append(encode(e.getValue()));
        }
        String canonicalRequest = "GET\n/\n" + canonicalQuery + "\nhost:" + host + "\n\nhost\n" + payloadHash;
        String stringToSign = "AWS4-HMAC-SHA256\n" + query.get("X-Amz-Date") + "\n" + scope + "\n" + hex(sha256(canonicalRequest));
        byte[] key = ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
        for (String part : scope.split("/")) key = hmac(key, part);
        return hex(hmac(key, stringToSign));
    }

    private static void require(Map<String, String> query, String name, String expected) throws Refused {
        String value = query.get(name);
        if (!expected.equals(value)) throw new Refused(name + " is " + (value == null ? "missing" : value) + ", expected " + expected);
    }

    private static String present(Map<String, String> query, String name) throws Refused {
        String value = query.get(name);
        if (value == null || value.isEmpty()) throw new Refused(name + " is missing");
        return value;
    }

    private static String decode(String s) {
        // SigV4 encodes a space as %20; a '+' is a literal plus, which URLDecoder would turn into a space.
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** SigV4's URI encoding: RFC 3986 unreserved characters stay, everything else is %XX. */
    private static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') out.append(c);
            else out.append('%').append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) out.append(String.format("%02x", b & 0xff));
        return out.toString();
    }

    private static final class Token implements OAuthBearerToken {
        private final String value;
        private final String principal;
        private final long start;
        private final long lifetime;

        Token(String value, String principal, long start, long lifetime) {
            this.value = value;
            this.principal = principal;
            this.start = start;
            this.lifetime = lifetime;
        }

        @Override public String value() { return value; }
        @Override public Set<String> scope() { return Collections.emptySet(); }
        @Override public long lifetimeMs() { return lifetime; }
        @Override public String principalName() { return principal; }
        @Override public Long startTimeMs() { return start; }
    }
}
