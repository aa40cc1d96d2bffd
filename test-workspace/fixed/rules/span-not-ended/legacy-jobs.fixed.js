'use strict';
// Nightly jobs of the legacy back office (CommonJS, no semicolons).
const { trace } = require('@opentelemetry/api')
const { loadCart, saveOrder } = require('./store')

const tracer = trace.getTracer('back-office')

async function reorder(cartId) {
  const span = tracer.startSpan('reorder cart') // expect: @span-not-ended
  try {
    const cart = await loadCart(cartId)
    /*
     * A cart that is gone was already re-ordered.
     */
    if (!cart) return null
    const id = await saveOrder(cart)
    return id
  } finally {
    span.end()
  }
}

async function reorderAll(ids) {
  const span = tracer.startSpan('reorder all') // expect: none
  try {
    for (const id of ids) await reorder(id)
  } finally {
    span.end()
  }
}

module.exports = { reorder, reorderAll }
