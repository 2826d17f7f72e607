package dev.gma.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LinkHeaderTest {

    private static final String BASE = "https://api.github.com/app/hook/deliveries?per_page=100";

    @Test
    void findsTheCursorOfTheNextLinkAmongOthers() {
        String header = "<" + BASE + ">; rel=\"first\", <" + BASE + "&cursor=v1_123%3D%3D>; rel=\"next\"";
        assertThat(LinkHeader.nextCursor(Optional.of(header))).contains("v1_123==");
    }

    @Test
    void acceptsAnUnquotedOrMultiValuedRel() {
        assertThat(LinkHeader.nextCursor(Optional.of("<" + BASE + "&cursor=a>; rel=next"))).contains("a");
        assertThat(LinkHeader.nextCursor(Optional.of("<" + BASE + "&cursor=b>; rel=\"prefetch next\""))).contains("b");
    }

    @Test
    void isEmptyOnTheLastPage() {
        assertThat(LinkHeader.nextCursor(Optional.empty())).isEmpty();
        assertThat(LinkHeader.nextCursor(Optional.of("<" + BASE + ">; rel=\"first\""))).isEmpty();
        assertThat(LinkHeader.nextCursor(Optional.of("<" + BASE + "&cursor=z>; rel=\"nextish\""))).isEmpty();
    }
}
