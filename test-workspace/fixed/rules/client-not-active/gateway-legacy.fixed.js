// The old gateway client, CommonJS with a namespace require and double quotes.
const api = require("@opentelemetry/api");
const axios = require("axios");

const tracer = api.trace.getTracer("payments-legacy");

async function chargeCard(token, amountCents) {
  const span = tracer.startSpan("POST /charges", { kind: api.SpanKind.CLIENT }); // expect: @client-not-active
  try {
    const response = await api.context.with(api.trace.setSpan(api.context.active(), span), () => axios.post("https://legacy-payments.example.com/charges", { token, amountCents }));
    return response.data;
  } finally {
    span.end();
  }
}

module.exports = { chargeCard };
