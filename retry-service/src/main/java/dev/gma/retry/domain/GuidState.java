package dev.gma.retry.domain;

/**
 * What the store knows of one delivery GUID: whether the event is already in {@code events},
 * how many redeliveries were asked for, and the GitHub delivery id the last one was asked for.
 */
public record GuidState(boolean stored, int redeliveries, long lastRequestedDeliveryId) {

    public static final GuidState UNKNOWN = new GuidState(false, 0, 0);
}
