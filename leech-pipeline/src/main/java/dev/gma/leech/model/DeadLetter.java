package dev.gma.leech.model;

import java.io.Serializable;

/**
 * A run the pipeline could not handle: kept, with what it was given and why it failed, so an
 * operator can look at it and nothing is dropped silently.
 *
 * @param step       the step that gave up
 * @param deliveryId the delivery GUID of the event
 * @param input      the step's input, as text
 * @param error      what went wrong
 */
public record DeadLetter(String step, String deliveryId, String input, String error) implements Serializable {}
