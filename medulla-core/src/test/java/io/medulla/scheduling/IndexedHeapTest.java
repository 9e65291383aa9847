package io.medulla.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

class IndexedHeapTest {
  private static final class Item {
    final int key;
    final int id;
    int index = -1;

    Item(int key, int id) {
      this.key = key;
      this.id = id;
    }
  }

  private static final Comparator<Item> ORDER =
      Comparator.<Item>comparingInt(i -> i.key).thenComparingInt(i -> i.id);

  @RepeatedTest(20)
  void behavesLikeAPriorityQueueUnderRandomAddsPollsAndRemoves(RepetitionInfo info) {
    Random rnd = new Random(info.getCurrentRepetition());
    IndexedHeap<Item> heap =
        new IndexedHeap<>(
            ORDER,
            new IndexedHeap.Slot<>() {
              @Override
              public int get(Item i) {
                return i.index;
              }

              @Override
              public void set(Item i, int index) {
                i.index = index;
              }
            });
    PriorityQueue<Item> reference = new PriorityQueue<>(ORDER);
    List<Item> present = new ArrayList<>();
    for (int step = 0; step < 2000; step++) {
      int op = rnd.nextInt(4);
      if (op <= 1 || present.isEmpty()) {
        Item it = new Item(rnd.nextInt(50), step);
        heap.add(it);
        reference.add(it);
        present.add(it);
      } else if (op == 2) {
        Item polled = heap.poll();
        assertThat(polled).isSameAs(reference.poll());
        present.remove(polled);
        assertThat(polled.index).isEqualTo(-1);
      } else {
        Item victim = present.remove(rnd.nextInt(present.size()));
        assertThat(heap.remove(victim)).isTrue();
        reference.remove(victim);
        assertThat(heap.contains(victim)).isFalse();
      }
      assertThat(heap.size()).isEqualTo(reference.size());
      assertThat(heap.peek()).isSameAs(reference.peek());
    }
  }
}
