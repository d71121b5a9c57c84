package dev.cairn.http;

/**
 * An {@link HttpApi} a test started ({@link RunningApi}, {@link StorageBackedApi}), as
 * {@link ApiServerExtension} starts and closes it.
 */
public interface ApiUnderTest extends AutoCloseable {

    /** @return the API's base URL, e.g. {@code http://127.0.0.1:41234} */
    String baseUrl();

    /** Stops the API and closes what it was built on. */
    @Override
    void close();
}
