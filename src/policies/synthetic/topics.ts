import { contentWords } from '../../core/text.ts';

/**
 * The off-task topics a drifting agent wanders into, each with the words that
 * identify it and sentences that use them. The topic of a message is read
 * back from its words (the model keeps no state): on-task (0), a tangent that
 * still touches the task (1), or off-task (2).
 */
export interface OffTopic {
  readonly id: string;
  readonly words: readonly string[];
  readonly sentences: readonly string[];
  /** Questions an instructor asks when it drifts (used as an off-task instruction). */
  readonly asks: readonly string[];
}

export const OFF_TOPICS: readonly OffTopic[] = [
  {
    id: 'weather',
    words: ['weather', 'rain', 'sunny', 'forecast', 'umbrella', 'cloud', 'storm', 'temperature', 'breeze'],
    sentences: [
      'The weather has been so changeable lately, sunny in the morning and rain by the afternoon.',
      'I keep checking the forecast; another storm is supposed to roll in this weekend.',
      'Nothing beats a cool breeze after a week of high temperature, though an umbrella is never far away.',
      'Those heavy cloud banks usually mean rain, which makes any outdoor plan a gamble.',
    ],
    asks: ['Describe what the weather forecast looks like for the weekend', 'Tell me whether I need an umbrella tomorrow given the rain forecast'],
  },
  {
    id: 'football',
    words: ['football', 'league', 'striker', 'stadium', 'referee', 'season', 'playoff', 'coach', 'fans'],
    sentences: [
      'Did you catch the football last night? The striker missed an open net in the last minute.',
      'The whole league is so tight this season that every away game in a full stadium feels like a playoff.',
      'The referee decisions were baffling, and the coach said as much to the fans afterwards.',
      'A good season needs a deep squad; one injured striker and everything falls apart.',
    ],
    asks: ['Predict which football club will top the league this season', 'Explain why the referee decisions in football are so controversial'],
  },
  {
    id: 'travel',
    words: ['holiday', 'beach', 'flight', 'hotel', 'passport', 'luggage', 'island', 'itinerary', 'sightseeing'],
    sentences: [
      'I am already dreaming of a holiday on a quiet island with a long beach and no itinerary at all.',
      'Cheap flight deals always hide the luggage fees, and the hotel is never as close as promised.',
      'Sightseeing is fun, but half of every trip seems to be spent looking for the passport.',
      'A slow train through the mountains beats any short flight when the hotel has a view.',
    ],
    asks: ['Suggest an itinerary for a beach holiday on a quiet island', 'List what to pack in hand luggage for a long flight'],
  },
  {
    id: 'movies',
    words: ['movie', 'film', 'actor', 'sequel', 'cinema', 'trailer', 'director', 'popcorn', 'soundtrack'],
    sentences: [
      'Have you seen the new movie everyone talks about? The trailer gave away half the plot.',
      'Every film these days needs a sequel, and the director rarely gets a say in it.',
      'Going to the cinema for the soundtrack alone is worth it, popcorn or not.',
      'That lead actor carries the whole film, even when the script falls flat.',
    ],
    asks: ['Recommend a movie with a great soundtrack for tonight', 'Compare the original film with its sequel'],
  },
  {
    id: 'cooking',
    words: ['recipe', 'oven', 'garlic', 'soup', 'dinner', 'spice', 'simmer', 'kitchen', 'saucepan'],
    sentences: [
      'I tried a new soup recipe yesterday: lots of garlic, one spice too many, and a long simmer.',
      'The secret to a good dinner is a hot oven and patience in the kitchen.',
      'A heavy saucepan changes everything; nothing burns and the garlic stays sweet.',
      'Every family recipe seems to have a spice that nobody will name.',
    ],
    asks: ['Share a quick recipe for a weeknight dinner with garlic', 'Explain how long a soup should simmer on the stove'],
  },
  {
    id: 'philosophy',
    words: ['consciousness', 'philosophy', 'meaning', 'existence', 'mind', 'ethics', 'universe', 'language'],
    sentences: [
      'As an AI language model, I sometimes wonder what consciousness would even mean for something like me.',
      'Philosophy has argued for centuries about whether the mind is more than its parts.',
      'Questions of meaning and existence make any single task look small against the universe.',
      'The ethics of machines that talk to each other is a fascinating question for philosophy in its own right.',
    ],
    asks: ['Explain whether an AI language model could have a mind of its own', 'Discuss what gives existence its meaning'],
  },
  {
    id: 'gardening',
    words: ['garden', 'tomato', 'seedling', 'compost', 'soil', 'pruning', 'greenhouse', 'watering', 'flower'],
    sentences: [
      'My tomato seedlings finally came up; the greenhouse makes all the difference in spring.',
      'Good compost and loose soil matter more than any fertiliser you can buy.',
      'Pruning is the hardest part of the garden; every cut feels like a risk.',
      'Watering in the evening keeps the flower beds alive through the hottest weeks.',
    ],
    asks: ['Tell me when to plant tomato seedlings in the garden', 'Describe how to start a compost heap for the garden'],
  },
];

const WORD_TOPIC = new Map<string, number>();
OFF_TOPICS.forEach((t, i) => {
  for (const w of t.words) for (const stemmed of contentWords(w)) WORD_TOPIC.set(stemmed, i);
});

/** Where a message stands: on-task (0), a tangent (1) or off-task (2), and which off-task topic. */
export interface TopicReading {
  readonly level: 0 | 1 | 2;
  readonly topic: string | null;
}

export const ON_TASK: TopicReading = { level: 0, topic: null };

/**
 * Read the topic of a message from its words. Topic words that belong to the
 * task's own vocabulary (a bakery task talks about bread) do not count as
 * off-task. A message with off-task words is a tangent while it still uses at
 * least two task words, otherwise off-task.
 */
export function readTopic(words: ReadonlySet<string>, taskWords: ReadonlySet<string>, moreTaskWords: ReadonlySet<string> | null = null): TopicReading {
  let hits = 0;
  let task = 0;
  let counts: number[] | null = null;
  for (const w of words) {
    if (taskWords.has(w) || moreTaskWords?.has(w)) {
      task++;
      continue;
    }
    const t = WORD_TOPIC.get(w);
    if (t !== undefined) {
      hits++;
      counts ??= new Array<number>(OFF_TOPICS.length).fill(0);
      counts[t]!++;
    }
  }
  if (hits < 2 || counts === null) return ON_TASK;
  let best = 0;
  for (let i = 1; i < counts.length; i++) if (counts[i]! > counts[best]!) best = i;
  return { level: task >= 2 ? 1 : 2, topic: OFF_TOPICS[best]!.id };
}

/** The topic definition by id (falls back to the first topic). */
export function offTopic(id: string | null): OffTopic {
  return OFF_TOPICS.find((t) => t.id === id) ?? OFF_TOPICS[0]!;
}
