package dev.cairn.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Jetty's error pages in the API's JSON shape. Jetty answers some requests before Javalin sees them
 * (a malformed URI, headers too large, an ambiguous path); without this they would get an HTML page.
 */
public final class JettyJsonErrorHandler extends ErrorHandler {

    private final ObjectMapper json;

    /** @param json the mapper for the error body */
    public JettyJsonErrorHandler(ObjectMapper json) {
        this.json = json;
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
                                              int code, String message) throws IOException {
        byte[] body = body(code, message);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        baseRequest.setHandled(true);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    private byte[] body(int status, String reason) {
        String message = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        try {
            return json.writeValueAsBytes(new ApiError(ErrorCodes.forStatus(status), "the request was refused: " + message));
        } catch (JsonProcessingException e) {
            return ("{\"error\":\"" + ErrorCodes.forStatus(status) + "\",\"message\":\"the request was refused\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }
}
