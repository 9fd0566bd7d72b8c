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
`;
