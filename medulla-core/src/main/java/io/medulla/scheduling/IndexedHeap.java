package io.medulla.scheduling;

import java.util.Arrays;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * A binary min-heap whose elements remember their position, so that removing or re-ordering any
 * element is O(log n) (a {@link java.util.PriorityQueue} removes in O(n)). Not thread-safe.
 *
 * @param <T> the element type; an element is in at most one heap per {@link Slot}
 */
final class IndexedHeap<T> {
  /** Where an element keeps its position in this heap; {@code -1} when it is not in it. */
  interface Slot<T> {
    int get(T element);

    void set(T element, int index);
  }

  private final Comparator<? super T> order;
  private final Slot<T> slot;
  private @Nullable Object[] items = new Object[8];
  private int size;

  IndexedHeap(Comparator<? super T> order, Slot<T> slot) {
    this.order = order;
    this.slot = slot;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  boolean contains(T element) {
    int i = slot.get(element);
    return i >= 0 && i < size && items[i] == element;
  }

  void add(T element) {
    if (size == items.length) {
      items = Arrays.copyOf(items, size * 2);
    }
    items[size] = element;
    slot.set(element, size);
    size++;
    siftUp(size - 1);
  }

  @Nullable T peek() {
    return size == 0 ? null : at(0);
  }

  /** Returns the element at heap position {@code i} (for scans that do not care about order). */
  T at(int i) {
    @SuppressWarnings("unchecked")
    T t = (T) items[i];
    if (t == null) {
      throw new IndexOutOfBoundsException(i);
    }
    return t;
  }

  @Nullable T poll() {
    if (size == 0) {
      return null;
    }
    T top = at(0);
    removeAt(0);
    return top;
  }

  /** Removes {@code element}; returns whether it was here. */
  boolean remove(T element) {
    if (!contains(element)) {
      return false;
    }
    removeAt(slot.get(element));
    return true;
  }

  /** Restores the order after {@code element}'s key changed. */
  void update(T element) {
    if (contains(element)) {
      int i = slot.get(element);
      siftUp(i);
      siftDown(slot.get(element));
    }
  }

  private void removeAt(int i) {
    T removed = at(i);
    slot.set(removed, -1);
    size--;
    if (i != size) {
      T last = at(size);
      items[i] = last;
      slot.set(last, i);
      items[size] = null;
      siftUp(i);
      siftDown(slot.get(last));
    } else {
      items[size] = null;
    }
  }

  private void siftUp(int i) {
    T x = at(i);
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      T p = at(parent);
      if (order.compare(x, p) >= 0) {
        break;
      }
      items[i] = p;
      slot.set(p, i);
      i = parent;
    }
    items[i] = x;
    slot.set(x, i);
  }

  private void siftDown(int i) {
    T x = at(i);
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      T c = at(child);
      int right = child + 1;
      if (right < size && order.compare(at(right), c) < 0) {
        child = right;
        c = at(right);
      }
      if (order.compare(x, c) <= 0) {
        break;
      }
      items[i] = c;
      slot.set(c, i);
      i = child;
    }
    items[i] = x;
    slot.set(x, i);
  }
}
