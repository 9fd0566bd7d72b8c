// The small training text embedded in the package for `rnn-wasm train` without --text and for
// `npm run demo`. Written for this project by its team (original prose, free to reuse).
export const CORPUS_NAME = 'rnn-wasm harbour notes';

export const CORPUS = `The harbour wakes before the town does. At five the gulls begin their argument over the
fish boxes, and by six the first boats are sliding out past the green light at the end of the
wall. The water is flat and grey, and the engines sound louder than they should.

Mara keeps the café on the corner of the quay. She opens the shutters at half past six, sets out
three tables and eight chairs, and writes the day's soup on a slate by the door. On Monday it was
leek and potato. On Tuesday it was tomato with a little too much pepper, and nobody complained.
On Wednesday the wind came in from the east and nobody sat outside at all.

The fishermen come in at noon. They talk about the weather, about the price of diesel, about a
cousin who moved to the city and now sells phones. They never talk about the catch. If the catch
was good, there is nothing to say; if it was bad, there is even less.

The old lighthouse keeper lives above the chandlery. He is ninety-one and still climbs the
stairs twice a day, once in the morning to look at the sea and once at night to look at the
stars. He says the light never needed him. He says he only kept it company.

A boy named Tobias builds small boats out of driftwood and sends them out on the tide. He paints
a number on each one. Number seventeen came back after four days with a crab living in it. Number
twenty-three was found on a beach two hundred miles to the north, and a girl there wrote him a
letter. He keeps the letter in a tin with his best shells.

In the evening the light changes. The water turns from grey to copper to a deep, quiet blue, and
the windows along the front fill with yellow squares. Someone is always cooking onions. Someone is
always practising the same four bars on a trumpet, getting a little better every week.

How to make the harbour soup:
1. Cut two onions, one carrot and a stick of celery into small pieces.
2. Warm a spoon of oil in a heavy pot and let the vegetables soften for ten minutes.
3. Add a litre of water, a bay leaf and whatever white fish the boats brought in.
4. Simmer for twenty minutes, then season with salt, pepper and a squeeze of lemon.
5. Serve with bread, and do not tell anyone how simple it was.

Notes from the tide table, written in pencil on the back of a receipt:
high water 06:12, low water 12:40, high water 18:55. Spring tides at the end of the month.
Wind from the west, four to five, backing south later. Good visibility, rain by the evening.

There is a rule in the harbour that nobody wrote down. If a boat is late, you leave the light on
in your window until it comes home. On stormy nights the whole front is lit like a party, and
the people inside pretend they are not waiting for anything at all.

The school closes at three. The children run down the hill to the water, shouting, carrying bags
that are too heavy for them. They count the boats. They name the clouds. They ask the fishermen
questions that the fishermen answer with great seriousness: yes, there are whales; no, the sea
does not end; yes, you may ring the bell, but only once.

In winter the visitors leave and the town becomes itself again. The café shuts on Sundays. The
harbour master paints the railings, one section a day, blue over blue. The nets are mended on
the quay, and the radio in the net shed plays old songs that everyone knows the words to.

When the spring comes back, it comes back all at once. One morning the air smells different,
softer, full of salt and cut grass. Mara puts out the fourth table. Tobias launches number forty.
The lighthouse keeper climbs his stairs, looks at the sea for a long time, and says that it will
be a good year. He has said the same thing every spring for seventy years, and he has never been
entirely wrong.

Across the bay, on the road that climbs toward the quarry, there is a bicycle shop with no sign. You
find it by the sound: a radio, a hammer on metal, and a man named Ivo arguing with a wheel. He has
repaired bicycles for thirty years and he talks to every one of them as if it were a stubborn goat.

"You again," he says to a red bicycle with a bent mudguard. "What did you do this time?"
The owner, a girl of about twelve, explains that it was not her fault. There was a dog, and a hill,
and a wall that should not have been there. Ivo nods slowly. He has heard about that wall before.

He turns the bicycle upside down, spins the front wheel and watches it wobble. Then he takes a small
key from his apron and tightens one spoke, then another, a quarter turn at a time, listening to the
note each one makes. When he is done the wheel runs true, and the girl pays him with two apples and a
promise to ride more carefully, which neither of them believes.

A letter found in a drawer of the chandlery, never sent:

Dear Anna,
The winter has been long but not unkind. The boat is painted and the engine runs, mostly. I have
learned to make bread, badly, and to fix the roof, less badly. The cat has decided that the chair
by the stove is hers, and I have decided not to argue. I think of the summer we spent on the island,
and the evening the rain came through the tent, and how we laughed until we could not breathe.
Write when you can. Tell me about the city, the trains, the noise. I miss the noise, a little.
Yours, as ever,
Peter

From the harbour master's notebook:
Monday. Calm. Two boats out, two boats back. Gull stole a sandwich from the ferry captain.
Tuesday. Fog until ten. The horn sounded every two minutes and nobody slept late.
Wednesday. Strong wind from the east. Secured the pontoon with extra lines.
Thursday. Sun. Children painted a mural on the wall of the fish market: a whale, a boat, a moon.
Friday. Rain. Quiet. Drank too much coffee. Counted the life jackets: forty-two, all in order.
Saturday. Market day. Sold out of crab by nine. The trumpet player performed all four bars, twice.
Sunday. Rest.

Questions the children asked this week, with the answers they were given:
Why is the sea salty? Because the rivers have been bringing it salt for a very long time.
Where do the gulls sleep? On the water, on the roofs, and sometimes on the lighthouse keeper.
Can a boat be sad? Only if you forget to give it a name.
How deep is the harbour? Deep enough for the ferry, and not deep enough for a whale, thank goodness.
What is on the other side? Another harbour, with another café, and another boy sending out boats.

Late in the year a storm came in from the south. The waves climbed over the wall and the spray
reached the café windows. Mara closed early and carried the chairs inside. The fishermen doubled
their lines and stood on the quay with their hands in their pockets, watching the boats pull and
tug like dogs on a lead. By midnight the wind dropped. By morning the sky was washed clean, and the
whole town came down to the water to see what the sea had left behind: a crate of oranges, a door,
a great tangle of rope, and, sitting on the slipway as if it had been waiting, number seventeen.
`;
