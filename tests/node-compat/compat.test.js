// Drives `host serve` with the official OpenAI Node SDK. Started by tests/Host.Tests
// (NodeSdkCompatibilityTests), which runs the server over a fake provider and passes its URL in
// PROVIDERS_BASE_URL. The fake answers `echo:<last user text>|messages:<count>|parent:<id or ->`,
// keeps `up_<last user text>` as its upstream id, hangs after "partial" when asked "hang", and model limited-1 always answers 429 with Retry-After 30.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI, { RateLimitError } from 'openai';

const baseURL = process.env.PROVIDERS_BASE_URL;
if (!baseURL) {
  throw new Error('PROVIDERS_BASE_URL is not set; run this through tests/Host.Tests (NodeSdkCompatibilityTests).');
}

// Default maxRetries (2): the 429 case checks that the SDK obeys the host's x-should-retry.
const client = new OpenAI({ baseURL, apiKey: 'node-compat', timeout: 20_000 });

test('models: list names every model and host alias, retrieve answers an alias with its real id', async () => {
  const ids = [];
  for await (const model of client.models.list()) {
    ids.push(model.id);
  }
  for (const id of ['fake-1', 'limited-1', 'fast']) {
    assert.ok(ids.includes(id), `${id} missing from ${JSON.stringify(ids)}`);
  }

  const byId = await client.models.retrieve('fake-1');
  assert.equal(byId.id, 'fake-1');
  assert.equal(byId.object, 'model');
  const byHostAlias = await client.models.retrieve('fast');
  assert.equal(byHostAlias.id, 'fake-1');
  const byProviderAlias = await client.models.retrieve('nick');
  assert.equal(byProviderAlias.id, 'fake-1');
});

test('chat: the exact reply text and finish reason', async () => {
  const completion = await client.chat.completions.create({
    model: 'fake-1',
    messages: [{ role: 'user', content: 'hi' }],
  });
  assert.equal(completion.object, 'chat.completion');
  assert.equal(completion.choices.length, 1);
  assert.equal(completion.choices[0].message.role, 'assistant');
  assert.equal(completion.choices[0].message.content, 'echo:hi|messages:1|parent:-');
  assert.equal(completion.choices[0].finish_reason, 'stop');
});

test('stream: the deltas join to the exact text and the last chunk says stop', async () => {
  const stream = await client.chat.completions.create({
    model: 'fast',
    messages: [{ role: 'user', content: 'streamed' }],
    stream: true,
  });
  let text = '';
  const finishReasons = [];
  for await (const chunk of stream) {
    assert.equal(chunk.object, 'chat.completion.chunk');
    for (const choice of chunk.choices) {
      text += choice.delta?.content ?? '';
      if (choice.finish_reason) finishReasons.push(choice.finish_reason);
    }
  }
  assert.equal(text, 'echo:streamed|messages:1|parent:-');
  assert.deepEqual(finishReasons, ['stop']);
});

test('abort: an AbortController ends a hanging stream, and the server answers the next request', async () => {
  const controller = new AbortController();
  const stream = await client.chat.completions.create(
    { model: 'fake-1', messages: [{ role: 'user', content: 'hang' }], stream: true },
    { signal: controller.signal, maxRetries: 0 },
  );
  let text = '';
  // The SDK ends the iteration quietly when its own signal aborts it.
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
    if (text === 'partial') controller.abort();
  }
  assert.ok(controller.signal.aborted);
  assert.equal(text, 'partial');

  const next = await client.chat.completions.create({
    model: 'fake-1',
    messages: [{ role: 'user', content: 'still there?' }],
  });
  assert.equal(next.choices[0].message.content, 'echo:still there?|messages:1|parent:-');
});

test('429: the SDK raises RateLimitError with the host\'s Retry-After and does not retry', async () => {
  for (const stream of [false, true]) {
    const error = await client.chat.completions
      .create({ model: 'limited-1', messages: [{ role: 'user', content: 'hi' }], stream })
      .then(() => assert.fail('expected a 429'), (e) => e);
    assert.ok(error instanceof RateLimitError, `expected RateLimitError, got ${error?.constructor?.name}: ${error?.message}`);
    assert.equal(error.status, 429);
    assert.equal(error.headers.get('retry-after'), '30');
    assert.equal(error.headers.get('x-should-retry'), 'false');
    assert.equal(error.code, 'rate_limited');
  }
});

test('responses: plain, streamed, and continued with previous_response_id', async () => {
  const first = await client.responses.create({ model: 'fake-1', input: 'hi' });
  assert.equal(first.object, 'response');
  assert.equal(first.status, 'completed');
  assert.match(first.id, /^resp_/);
  assert.equal(first.output_text, 'echo:hi|messages:1|parent:-');

  const stream = await client.responses.create({ model: 'fake-1', input: 'streamed', stream: true });
  let deltas = '';
  const types = [];
  let completed;
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'response.output_text.delta') deltas += event.delta;
    if (event.type === 'response.completed') completed = event.response;
  }
  assert.equal(types[0], 'response.created');
  assert.equal(types.at(-1), 'response.completed');
  assert.equal(deltas, 'echo:streamed|messages:1|parent:-');
  assert.equal(completed.output[0].content[0].text, deltas);

  // The fake's state after the first call holds its two messages and its upstream id up_hi.
  const second = await client.responses.create({ model: 'fake-1', input: 'and then?', previous_response_id: first.id });
  assert.equal(second.previous_response_id, first.id);
  assert.equal(second.output_text, 'echo:and then?|messages:3|parent:up_hi');
});
