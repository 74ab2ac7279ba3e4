package dev.reel.delivery.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LruIndexTest {

  private static LruIndex<String> abc() {
    LruIndex<String> index = new LruIndex<>();
    index.put("a", "A", 10);
    index.put("b", "B", 20);
    index.put("c", "C", 30);
    return index;
  }

  @Test
  @DisplayName("victims are the least recently used first, as many as the room needs")
  void eldestFirst() {
    LruIndex<String> index = abc();

    assertEquals(List.of("a"), index.victims(5, any -> true));
    assertEquals(List.of("a", "b"), index.victims(11, any -> true));
    assertEquals(60, index.weight());
  }

  @Test
  @DisplayName("a get makes an entry the most recently used; a peek does not")
  void getTouches() {
    LruIndex<String> index = abc();

    index.peek("b");
    assertEquals(List.of("a", "b"), index.victims(11, any -> true));
    index.get("a");
    assertEquals(List.of("b"), index.victims(11, any -> true));
  }

  @Test
  @DisplayName("entries that may not go are skipped; if the rest cannot make room, none go")
  void pinned() {
    LruIndex<String> index = abc();

    assertEquals(List.of("b", "c"), index.victims(40, value -> !value.equals("A")));
    assertNull(index.victims(51, value -> !value.equals("A")));
  }

  @Test
  @DisplayName("replacing and removing keep the weight right")
  void weight() {
    LruIndex<String> index = abc();

    assertEquals("B", index.put("b", "B2", 5));
    index.remove("a");
    assertEquals(2, index.size());
    assertEquals(35, index.weight());
    assertEquals(List.of("C", "B2"), index.values());
  }

  @Test
  @DisplayName("removeIf drops matching entries and their weight")
  void removeIf() {
    LruIndex<String> index = abc();

    assertEquals(List.of("A", "C"), List.copyOf(index.removeIf((key, value) -> !key.equals("b"))
        .values()));
    assertEquals(20, index.weight());
  }
}
