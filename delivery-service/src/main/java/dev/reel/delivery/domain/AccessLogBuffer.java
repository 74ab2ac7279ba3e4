package dev.reel.delivery.domain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Access log records on their way to Kafka: a bounded queue between the requests, which add
 * records and must never wait, and the publisher, which takes them in batches. Records taken
 * for sending still count against the bound until they are sent, and a batch that failed goes
 * back to the head of the queue in its order, so an outage keeps at most {@code capacity}
 * records in memory, oldest first.
 *
 * <p>When it is full, the newest record is dropped and counted: what is kept is the contiguous
 * start of the outage, which is what someone looking into it reads first, and dropping never
 * disturbs a batch in flight.
 */
public final class AccessLogBuffer<T> {

  private final int capacity;
  private final ArrayDeque<T> queued = new ArrayDeque<>();
  private int inFlight;
  private long dropped;

  public AccessLogBuffer(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  /** Adds a record; answers false, and counts it as dropped, when the buffer is full. */
  public synchronized boolean offer(T record) {
    if (queued.size() + inFlight >= capacity) {
      dropped++;
      return false;
    }
    queued.addLast(record);
    return true;
  }

  /** Takes up to {@code max} of the oldest records for sending; they still count as held. */
  public synchronized List<T> take(int max) {
    List<T> batch = new ArrayList<>(Math.min(max, queued.size()));
    while (batch.size() < max && !queued.isEmpty()) {
      batch.add(queued.pollFirst());
    }
    inFlight += batch.size();
    return batch;
  }

  /**
   * Ends a batch from {@link #take}: the records of {@code failed} (a subset of {@code batch},
   * in its order) go back to the head of the queue, the others are gone.
   */
  public synchronized void done(List<T> batch, List<T> failed) {
    inFlight -= batch.size();
    for (int i = failed.size() - 1; i >= 0; i--) {
      queued.addFirst(failed.get(i));
    }
  }

  /** Records waiting to be taken. */
  public synchronized int queued() {
    return queued.size();
  }

  /** Records held: queued plus being sent. */
  public synchronized int depth() {
    return queued.size() + inFlight;
  }

  /** Records dropped because the buffer was full, since it was made. */
  public synchronized long dropped() {
    return dropped;
  }

  public int capacity() {
    return capacity;
  }
}
