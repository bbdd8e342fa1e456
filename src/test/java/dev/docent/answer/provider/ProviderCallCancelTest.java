package dev.docent.answer.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A streaming call is cancelled by closing its connection, before the first token too: a review found the socket
 * of an attempt abandoned before its first token left open until the HTTP timeout (120 s), the provider still
 * working on it. The provider here is a raw socket that sees when the client hangs up.
 */
class ProviderCallCancelTest {

    @Test
    void aCallWaitingForItsReplyIsAbortedWhenCancelled() throws Exception {
        assertThat(hangUpSeenAfterCancel(false)).isTrue();
    }

    @Test
    void aCallReadingAStreamWithNoTokenYetIsClosedWhenCancelled() throws Exception {
        assertThat(hangUpSeenAfterCancel(true)).isTrue();
    }

    /** True when the provider's socket saw the client hang up within 5 s of the cancel. */
    private static boolean hangUpSeenAfterCancel(boolean sendHeaders) throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<Boolean> hungUp = CompletableFuture.supplyAsync(() -> serve(server, sendHeaders));
            OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder()
                    .baseUrl("http://127.0.0.1:" + server.getLocalPort() + "/v1")
                    .apiKey("test")
                    .modelName("m")
                    .timeout(Duration.ofSeconds(120))
                    .httpClientBuilder(
                            new JdkHttpClientBuilder().httpClientBuilder(ProviderHttpClient.builder(d -> {})))
                    .build();
            ProviderHttpClient.Exchange exchange = new ProviderHttpClient.Exchange();
            ProviderHttpClient.recordingInto(exchange, () -> model.chat("hello", new Ignoring()));
            Thread.sleep(500); // the provider has the request (and, with headers, the client reads the body)
            exchange.cancel();
            return hungUp.get(5, TimeUnit.SECONDS);
        }
    }

    private static boolean serve(ServerSocket server, boolean sendHeaders) {
        try (Socket s = server.accept()) {
            s.setSoTimeout(20_000);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            String head = "";
            while (!head.contains("\r\n\r\n")) {
                int n = in.read(buf);
                if (n < 0) {
                    return true;
                }
                head += new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (sendHeaders) {
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "5\r\n: hi\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            while (true) {
                if (in.read(buf) < 0) {
                    return true; // the client closed the connection
                }
            }
        } catch (IOException e) {
            return e instanceof java.net.SocketException; // reset by the client counts too; a timeout does not
        }
    }

    private static final class Ignoring implements StreamingChatResponseHandler {
        @Override
        public void onCompleteResponse(ChatResponse response) {}

        @Override
        public void onError(Throwable error) {}
    }
}
