package dev.docent.answer.provider;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The JDK HTTP client LangChain4j's provider models use, with two additions, both read from the response's
 * headers below LangChain4j (its exceptions carry the status and body but not the headers):
 *
 * <ul>
 *   <li>a rate-limited or overloaded reply (429, 503, Anthropic's 529) that says when to come back ({@code
 *       retry-after-ms}, {@code retry-after} in seconds or as an HTTP date) is reported to a listener;
 *   <li>a successful reply that is an HTML page (a proxy's login page, a model server's web UI at the configured base
 *       URL) fails at once: LangChain4j's stream parsers skipped its lines and waited, so the request waited for
 *       the stream's idle timeout.
 * </ul>
 */
final class ProviderHttpClient extends HttpClient {
    private final HttpClient delegate;
    private final Consumer<Duration> listener;

    private ProviderHttpClient(HttpClient delegate, Consumer<Duration> listener) {
        this.delegate = delegate;
        this.listener = listener;
    }

    /** A builder for LangChain4j's {@code JdkHttpClientBuilder.httpClientBuilder}, whose clients report to {@code listener}. */
    static HttpClient.Builder builder(Consumer<Duration> listener) {
        return new Builder(HttpClient.newBuilder(), listener);
    }

    /** How long the reply asks the caller to wait, when it is a 429, 503 or 529 that says so. */
    static Optional<Duration> retryAfter(int status, HttpHeaders headers, Instant now) {
        if (status != 429 && status != 503 && status != 529) {
            return Optional.empty();
        }
        Optional<String> millis = headers.firstValue("retry-after-ms");
        if (millis.isPresent()) {
            try {
                return positive(
                        Duration.ofMillis((long) Double.parseDouble(millis.get().strip())));
            } catch (NumberFormatException e) {
                // fall through to retry-after
            }
        }
        Optional<String> value = headers.firstValue("retry-after").map(String::strip);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return positive(Duration.ofMillis((long) (Double.parseDouble(value.get()) * 1000)));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                return positive(Duration.between(now, at));
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private static Optional<Duration> positive(Duration d) {
        return d.isNegative() || d.isZero() ? Optional.empty() : Optional.of(d);
    }

    private <T> HttpResponse<T> watch(HttpResponse<T> response) throws NotTheApi {
        retryAfter(response.statusCode(), response.headers(), Instant.now()).ifPresent(listener);
        if (isHtmlPage(response.statusCode(), response.headers())) {
            if (response.body() instanceof java.io.Closeable body) {
                try {
                    body.close(); // a stream's body: nobody else will read it
                } catch (IOException ignored) {
                    // closing is best effort
                }
            }
            throw new NotTheApi(response.uri());
        }
        return response;
    }

    /** A 2xx reply whose content is an HTML page: no provider API answers so. */
    static boolean isHtmlPage(int status, HttpHeaders headers) {
        return status / 100 == 2
                && headers.firstValue("content-type")
                        .map(t -> t.strip().toLowerCase(java.util.Locale.ROOT))
                        .filter(t -> t.startsWith("text/html") || t.startsWith("application/xhtml"))
                        .isPresent();
    }

    /** The configured base URL answered with a web page instead of the provider's API. */
    static final class NotTheApi extends IOException {
        NotTheApi(java.net.URI uri) {
            super("the provider's base URL answered " + uri.getPath() + " with an HTML page, not its API");
        }
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return watch(delegate.send(request, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return recorded(delegate.sendAsync(request, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return recorded(delegate.sendAsync(request, handler, pushPromiseHandler));
    }

    /** Watches the reply; a streaming call's exchange (see {@link #recordingInto}) also keeps it for cancelling. */
    private <T> CompletableFuture<HttpResponse<T>> recorded(CompletableFuture<HttpResponse<T>> sent) {
        Exchange exchange = RECORDING.get();
        if (exchange != null) {
            exchange.sent(sent);
        }
        return sent.thenCompose(response -> {
            if (exchange != null) {
                exchange.received(response.body());
            }
            try {
                return CompletableFuture.completedFuture(watch(response));
            } catch (NotTheApi e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    private static final ThreadLocal<Exchange> RECORDING = new ThreadLocal<>();

    /** Runs {@code call}, which sends a streaming request from this thread; {@code exchange} can then cancel it. */
    static void recordingInto(Exchange exchange, Runnable call) {
        RECORDING.set(exchange);
        try {
            call.run();
        } finally {
            RECORDING.remove();
        }
    }

    /**
     * One streaming request in flight: before the reply's headers it is the JDK client's future (cancelling it
     * aborts the exchange), after them the body being read (closing it closes the connection).
     */
    static final class Exchange implements ChatProvider.Call {
        private volatile CompletableFuture<?> sent;
        private volatile Object body;
        private volatile boolean cancelled;

        void sent(CompletableFuture<?> future) {
            sent = future;
            if (cancelled) {
                future.cancel(true);
            }
        }

        void received(Object responseBody) {
            body = responseBody;
            if (cancelled) {
                close(responseBody);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            CompletableFuture<?> f = sent;
            if (f != null) {
                f.cancel(true);
            }
            close(body);
        }

        private static void close(Object responseBody) {
            if (responseBody instanceof java.io.Closeable c) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // the connection is being given up either way
                }
            }
        }
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    private record Builder(HttpClient.Builder delegate, Consumer<Duration> listener) implements HttpClient.Builder {
        @Override
        public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
            delegate.cookieHandler(cookieHandler);
            return this;
        }

        @Override
        public HttpClient.Builder connectTimeout(Duration duration) {
            delegate.connectTimeout(duration);
            return this;
        }

        @Override
        public HttpClient.Builder sslContext(SSLContext sslContext) {
            delegate.sslContext(sslContext);
            return this;
        }

        @Override
        public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
            delegate.sslParameters(sslParameters);
            return this;
        }

        @Override
        public HttpClient.Builder executor(Executor executor) {
            delegate.executor(executor);
            return this;
        }

        @Override
        public HttpClient.Builder followRedirects(Redirect policy) {
            delegate.followRedirects(policy);
            return this;
        }

        @Override
        public HttpClient.Builder version(Version version) {
            delegate.version(version);
            return this;
        }

        @Override
        public HttpClient.Builder priority(int priority) {
            delegate.priority(priority);
            return this;
        }

        @Override
        public HttpClient.Builder proxy(ProxySelector proxySelector) {
            delegate.proxy(proxySelector);
            return this;
        }

        @Override
        public HttpClient.Builder authenticator(Authenticator authenticator) {
            delegate.authenticator(authenticator);
            return this;
        }

        @Override
        public HttpClient.Builder localAddress(InetAddress localAddr) {
            delegate.localAddress(localAddr);
            return this;
        }

        @Override
        public HttpClient build() {
            return new ProviderHttpClient(delegate.build(), listener);
        }
    }
}
