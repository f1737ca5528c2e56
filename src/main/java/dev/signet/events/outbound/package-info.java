/** CloudEvent data Signet emits, as records named after events.md; built only by the event adapters. */
package dev.signet.events.outbound;
