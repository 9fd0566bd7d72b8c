// The training text embedded in the package for `rnn-wasm train` without --text and for
// `npm run demo` (about 120 KB). Written for this project by its team (original prose, free to reuse).
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

The ferry comes twice a day in summer and once a day in winter, and the whole town sets its clocks
by it without admitting as much. When the horn sounds from behind the point, the baker pulls the
second batch of rolls from the oven, the postmistress locks the side door, and the dogs along the
front lift their heads and then lower them again, having decided that nothing about the ferry
concerns them.

The ferry is called the Saint Brendan, though nobody has ever called it anything but the boat. It
is painted white and red and it leans a little to the left, because the captain keeps his tools in
a locker on that side and has done for twenty years. Passengers who notice the lean are told that
it is a tradition. Passengers who complain about it are told that it is a feature.

On the quay there is a bench with a brass plate that reads: For Anna, who liked to watch. Nobody
under sixty remembers Anna. The bench is always occupied all the same, by a fisherman mending a
glove, by a student with a book she is not reading, by two old men who share a newspaper one page
at a time and argue about each page before they hand it over.

The harbour master's name is Henrik Dahl, and he has a voice that can be heard across the whole
basin without any help from a radio. He uses it sparingly. Most days he communicates with a raised
eyebrow, a point of the finger, or a slow shake of the head that means you have tied that boat up
wrong and you know it. When he does shout, everyone stops what they are doing, even the gulls.

Henrik keeps a logbook in a green cloth cover. In it he writes the name of every vessel that
enters the harbour, the time it arrived, the berth it was given, and a short remark. The remarks
are the best part. Beside one yacht he wrote: polite, but fenders hung like laundry. Beside a
trawler from the south: crew sang all night, not badly. Beside the ferry, every single day: on
time, more or less.

In the second week of April the swallows come back to the net sheds. They arrive in ones and twos
at first, testing the old nests under the eaves, and then one morning there are dozens of them,
cutting across the water so low that their wings almost touch it. The fishermen say that a swallow
skimming the water means rain before night. They are right about half the time, which is better
than the radio.

Mara's grandmother used to run the café before her. There is a photograph of her behind the
counter, a small woman with enormous forearms, holding a tray of cups and looking at the camera as
if it owed her money. Customers who knew her say the coffee was stronger in those days. Mara says
the coffee is exactly the same, and that it is the customers who have grown weaker.

How to read the sky over the harbour, as explained by the lighthouse keeper to anyone who will
stand still long enough:
If the clouds are high and thin like combed wool, the weather will change within two days.
If the clouds pile up in towers in the afternoon, stay near the shore.
If the sunset is red and clear, tomorrow will be fair.
If the sunrise is red and angry, tie everything down twice.
If you cannot see the island at all, it is already raining there, and it will be raining here soon.
If you can see the island very clearly, every tree and every wall, that is also rain. Nobody knows
why.

The market opens on Saturday at seven in the square behind the church. There are eleven stalls,
and they have stood in the same places for so long that the cobbles under them are a slightly
different colour. The fish stall is nearest the water. Then comes the vegetable stall, run by two
sisters who do not speak to each other but pass the change back and forth without a word. Then
cheese, honey, eggs, bread, a man who sharpens knives, a woman who sells wool in forty shades of
grey, a stall of old books, and at the very end a table where a boy sells whatever he found on the
beach that week.

This week the boy had a green glass float, a shell the size of a hand, a piece of wood worn into
the shape of a fish, and a single shoe. He priced the shoe at one coin and the fish at ten. By
noon the float and the shell were gone, and a man from the city had offered five coins for the
wooden fish. The boy refused. He said it was worth ten, because it had taken the sea ten years to
make it.

The knife sharpener is called Pell. He sets up a grinding wheel driven by a pedal, and the sound
of steel on stone runs under the whole market like a low hum. He can tell by the noise whether a
blade is good. When someone hands him a cheap knife he sharpens it anyway, carefully, and hands it
back with a look of pity, the way a doctor might return a child who has been eating sand.

Rain in June is different from rain in November. In June it comes in warm and sideways, smelling
of the fields, and the children run through it on purpose. The gutters sing, the cobbles shine,
and in half an hour it is over and the roofs are steaming. In November the rain means it. It
settles in for days, grey and patient, and the whole town pulls its collar up and walks faster,
and the café windows fog over so that the people inside look like shapes in a dream.

A conversation overheard at the fish stall:
"Is it fresh?"
"It was swimming at four this morning."
"And what was it doing at five?"
"Looking surprised, I expect."
"I'll take two."

The school stands at the top of Ropewalk Lane, a long grey building with tall windows and a bell
that has been cracked since before the war. It rings a flat, hoarse note that can be heard down at
the quay, and when the tide is right the fishermen time their lunch by it. There are forty-three
pupils, three teachers, a cook, a caretaker and a tortoise named Admiral, who is older than the
caretaker and moves only slightly more slowly.

The teacher of the youngest class is Miss Okafor, who came from the city six years ago for one
term and stayed. She says it was the light. The other teachers say it was the caretaker, who
brought her a jar of honey every Monday for a year until she agreed to go walking with him on the
cliffs. They were married in the church behind the market, and the whole school threw rice, which
the gulls ate before anyone could sweep it up.

Every spring Miss Okafor takes her class down to the harbour to learn the names of things.
Bollard, cleat, hawser, fender, keel. Bow and stern, port and starboard. The children write the
words on cards and pin them to the right objects, and for a week the quay looks like a dictionary
that has exploded. Henrik pretends to be annoyed. On the last day he always finds one card the
children forgot, usually stuck to his own door, and he keeps it in the green logbook. He has
eleven of them now.

Ivo's bicycle shop has a back room that nobody is allowed to enter. Through the doorway you can
see a workbench, a kettle, a calendar three years out of date and a tall shape under a sheet. The
children of the town have decided that the shape is a flying machine. The adults have decided it
is a motorbike he has been restoring since his wife left. Ivo, when asked, says only that it is
not finished, and that nothing worth having ever is.

The tides in the harbour follow the moon, as tides do everywhere, but here they have
personalities. The spring tides at new moon come in fast and high and fill the basin right up to
the top step, so that the boats float level with the quay and you can step aboard as if you were
stepping into a kitchen. The neap tides in between are lazy. They come in late and leave early and
never quite cover the mud by the slipway, where the wading birds stand on one leg and think about
things.

A week of tides, as Henrik reads them out on the radio each morning, in his own words:
Monday, high water just after six in the morning and again a little before seven at night. Low
water around half past twelve. A fair range, nothing to worry about.
Tuesday, high water about forty minutes later than yesterday, both times. The moon is filling out,
so the water will start to climb.
Wednesday, high water close to seven in the morning and close to eight at night. Mind the slipway
at low water, it will be dry further out than you think.
Thursday, full moon. High water near eight and near nine. A big tide. Anyone on the outer pontoon
should check their lines before bed.
Friday, the highest water of the month, a hand's width below the top step. If there is any wind
from the south at all, it will be over.
Saturday, still high, falling away a little. Market stall holders, keep your boxes off the lower
quay.
Sunday, the tide is easing. Go to church, or go fishing, or both, but not at the same time.

The lifeboat station sits at the foot of the cliff on the far side of the basin, with a steep ramp
running down into deep water. The crew are volunteers: a plumber, two fishermen, a nurse, the man
who owns the hardware shop, and a schoolboy who is not yet allowed to go out but who is allowed to
polish everything. When the pagers go off, they leave whatever they are doing. The plumber once
left a kitchen with the water turned off and a family standing in it. When he came back four hours
later, soaked, the family had made him dinner.

On the wall of the lifeboat station there is a board with the names of every rescue since the
station opened. Some of the entries are long, with the names of ships and the numbers of people
saved. Others are short. One reads simply: a dog, two cows, a man who should have known better.
The crew say it was one of the hardest nights they ever had, and that the cows were the least
trouble.

In August the town holds its regatta. It begins with a procession of every boat that can float,
decorated with flags, flowers, washing, balloons and in one case a full-size plastic horse. The
rowing races come next, then the swimming race across the basin, then the greasy pole. The greasy
pole is a wooden spar slathered with lard and run out over the water from the end of the quay. At
the far end hangs a leg of ham. Men, women and children walk out along the pole one at a time,
fall off into the harbour, and climb back up the ladder to try again. Every few years someone
actually reaches the ham, and the cheer can be heard in the next village.

Last year the ham was won by Miss Okafor, who walked along the pole barefoot with her arms out
like a tightrope walker while the whole school screamed her name. She gave the ham to the school
kitchen. The cook served it on Monday, in thin slices, with a speech.

A list pinned to the noticeboard outside the post office:
Lost, one grey cat, answers to Pilot, does not answer to anything else either.
Found, a set of keys on a blue ribbon, now hanging behind the counter.
For sale, a rowing boat, needs some work, oars included, one oar better than the other.
Wanted, someone to walk an old dog in the mornings, payment in cake.
Choir practice moved to Thursday because of the bingo.
Please stop feeding the gulls. They are not hungry. They are just rude.

There is a small island at the mouth of the bay, no more than a hump of rock with a few sheep and
a ruined chapel. At the lowest tides of the year you can walk out to it across a ridge of sand and
stones, if you know the way and watch the time. Every spring the farmer who owns the sheep walks
them out there, and every autumn he walks them back, and the whole town comes down to watch the
sheep pick their way across the wet sand with a look of deep suspicion. The farmer's dog does all
the work. The farmer walks behind it with his hands in his pockets, as if he just happened to be
going in that direction.

Once, years ago, a young man went out to the island on the ebb and forgot the time. The water came
back around him, and he had to spend the night in the ruined chapel with the sheep. He said later
that it was the best night of his life. He said the stars were so thick above the broken roof that
he could have read by them, and the sheep kept him warm, and he had never heard a silence like it.
He is the town's doctor now. He still goes out to the island once a year, on purpose, and stays
the night.

What the fishermen say about the weather, collected over a winter:
A ring around the moon means wind within a day.
When the gulls sit on the water in the afternoon, stay home.
A north wind is honest. A south wind lies.
If the cat washes behind its ears, rain is coming. If it does not, rain is also coming, but later.
Fog in the morning burns away by noon. Fog at night stays until it is bored.
Never trust a flat calm in March.

Mara bakes on Thursdays. It is the only day she has time, because Thursday afternoon is when the
café is quietest, after the fishermen have gone and before the schoolchildren come down the hill.
She makes a tray of apple cake, a tray of something with almonds, and one loaf of dark bread that
she does not sell, because it is for her mother. The smell gets out of the kitchen window and
drifts along the front, and by four o'clock there are people standing outside pretending to read
the menu.

The apple cake, as Mara writes it on an index card for anyone who asks:
Butter a square tin and heat the oven to a moderate heat.
Beat a cup of sugar with half a cup of soft butter until it is pale.
Add two eggs, one at a time, then a cup and a half of flour and a spoon of baking powder.
Stir in a splash of milk until the batter drops easily from the spoon.
Peel and slice four sharp apples, the sourer the better.
Spread half the batter in the tin, lay half the apples on top, then the rest of the batter, then
the rest of the apples.
Scatter with sugar and cinnamon. Bake for about forty minutes, until a knife comes out clean.
Eat it warm, standing up, before anyone else notices it is ready.

The church bell rings the hours, but it has been slow for as long as anyone can remember. At noon
it reaches the twelfth stroke a full two minutes after the clock on the post office. Nobody has
fixed it, because nobody agrees which one is wrong. The post office says it keeps official time.
The church says it keeps God's time, which is older. The fishermen keep the tide's time and do not
care about either.

A letter from the girl in the north, the one who found boat number twenty-three, to Tobias:

Dear Tobias,
Your boat is on my windowsill. My mother says it is full of sand and should go outside, but I have
told her it has travelled two hundred miles and deserves a rest. I have painted a small flag for
it, yellow with a blue stripe, which is the flag of our village, although nobody here knows that
because I only invented it last week.
Our beach is different from yours, I think. It is long and flat and the sand is the colour of
porridge. When the tide goes out it goes out so far that you cannot see it any more, and the old
people say it has gone to visit your harbour. Perhaps that is how your boat came.
I am sending you a stone with a hole in it. If you look through the hole at the sea, you can see
things that are not there. Please write back and tell me what you see.
Your friend on the other side of the water,
Signe

Tobias looked through the stone every day for a month. He wrote back that he had seen a ship with
red sails, a whale that was probably a rock, and his own house from the outside, which was the
strangest of all.

In the cold months the fishing boats go out later and come back sooner, and the men sit longer in
the café with their hands around their cups. The talk turns to old storms. There is the storm that
took the roof off the net shed, and the storm that put a trawler on the rocks below the
lighthouse, and the storm that nobody will talk about at all except to say the year, and then fall
silent, and then order another coffee.

Aksel has fished out of the harbour for forty years in a blue boat called the Kittiwake. He is a
short man with a white beard and hands like two bundles of rope. He does not say much, but when he
does say something it tends to be correct. Once a young fisherman asked him how he always knew
where the fish would be. Aksel thought about it for a long time and then said: I go where they
were yesterday, and if they are not there, I go somewhere else. The young man waited for more, but
there was no more.

The harbour at night, from the end of the wall:
The green light blinks every three seconds on the end of the breakwater. Across the water the red
light answers it on the other side of the channel. The lighthouse sweeps its long white arm over
the bay, once every ten seconds, and for a moment the tops of the waves flash silver before the
dark closes over them again. A radio is playing somewhere, very faintly. A halyard taps against a
mast. The water sucks and slaps between the hulls. Up on the hill a dog barks twice and stops, as
if it has remembered that everyone is asleep.

Henrik once spent a whole winter trying to find out where the harbour cat came from. It is a large
ginger tom with one ear folded over and a voice like a rusty hinge. It sleeps on the coils of rope
outside the chandlery and eats at four different houses, each of which believes it is the only one
feeding him. Henrik asked at every door along the front. He found that the cat had been known by
nine different names, including Captain, Biscuit, Mister Orange and, at the house of a retired
schoolteacher, Horatio. Nobody knew where it had come from. Henrik wrote the cat into his logbook:
arrival unknown, berth various, remark: fat.

The chandlery sells everything a boat could possibly want and a number of things that no boat has
ever needed. There is rope in every thickness from string to arm, shackles, blocks, oilskins in
yellow and orange, tins of varnish, charts in long wooden drawers, brass lamps, flares, tide
tables, fishing hooks sorted by size in a cabinet with a hundred tiny drawers, and on a high shelf
near the ceiling a ship's figurehead of a woman with a chipped nose who is not for sale. The
owner, Beatrix, says the figurehead came with the shop, and will go with the shop, and in between
it is keeping an eye on things.

Beatrix knows the price of every item in the chandlery without looking, and the name of every
customer's boat, and how long it has been since they last painted it. If you come in asking for
antifouling, she will ask you whether you have scraped the hull properly first, and she will know
if you are lying.

A morning in February:
The frost has made the quay white and slippery, and the fishermen walk along it with their arms
out. The water in the basin is steaming in the cold air, so that the boats seem to be floating on
a cloud. The sun comes up late and low behind the island, orange as a coal, and for ten minutes
the whole harbour is gold and pink and blue. Then a cloud slides over, and it is just February
again, and everyone goes inside.

The baker's name is Rufus, and he starts work at three in the morning. He has not seen a sunrise
from outside in eleven years. He sees them through the flour-dusted window of the bakery, between
the second and third batch, and he says that this is the best way to see them, because you get the
light without the cold. His loaves are round and dark and heavy, with a cross slashed in the top.
The rolls are lighter. On Fridays there are cinnamon buns, and the queue on Friday starts before
the bakery opens.

A conversation at the bakery counter:
"Two loaves and a bun, please."
"The buns are not ready."
"They smell ready."
"Smelling ready and being ready are two different things."
"How long?"
"Four minutes. Maybe five."
"I will wait."
"Everybody waits. That is how you know they are good."

In the spring the fishermen paint their boats. They haul them out on the slipway, prop them up on
wooden legs, scrape off the weed and the barnacles and last year's paint, and then put on this
year's colour, which is always the same as last year's colour. The slipway becomes a row of bright
hulls, red, blue, green, white, each with its owner crouched underneath it with a brush and a
radio. People walk along the top of the slipway just to look at them. The boats seem embarrassed
to be out of the water, like people caught in their underwear.

When a new boat comes to the harbour, it is blessed. The priest comes down to the quay in his long
coat and reads a prayer, and sprinkles water on the bow, and the owner's family stands around
looking solemn until the last word, when they all cheer. Then there is a bottle of something, and
the fishermen drink a toast, and somebody always tells the story of the boat that was not blessed
and sank on its first trip. Nobody can remember the name of that boat, or the year, but the story
is told every time.

The lighthouse keeper does not keep the light any more. It has been automatic for twenty years,
controlled by a computer in a city he has never visited. But he still goes up every day. He still
wipes the great lens with a soft cloth, although a man comes from the lighthouse service twice a
year to do it properly. He still writes the weather in his notebook at eight in the morning and
eight at night: wind, sea, sky, visibility, barometer. He says that somebody should, and that the
computer does not write anything down, it just knows things, which is not the same.

His notebook for one week in March:
Monday. Wind west, strong. Sea rough. Sky low and grey. Visibility moderate. Barometer falling.
Tuesday. Wind west veering north-west, gale at times. Sea very rough. Heavy showers with hail.
Visibility poor in showers.
Wednesday. Wind north-west, easing. Sea rough, becoming moderate. Bright spells. A rainbow over
the island at four.
Thursday. Wind light and variable. Sea slight. Sky clear. Visibility excellent. Saw the mountains
on the far shore for the first time this year.
Friday. Wind south, freshening. Sea moderate. Cloud thickening from the south-west. Barometer
falling again.
Saturday. Wind south, strong. Rain all day. Visibility poor. Stayed in and read.
Sunday. Wind south-west, moderate. Sea moderate. Sunshine after noon. The first swallow. Too
early, but welcome.

The post office is run by Greta, who has worked behind its counter for thirty-four years and knows
more about the town than the priest, the doctor and the harbour master together. She does not
gossip. She simply knows. She knows who gets letters from abroad and who sends parcels to the city
every month, who has stopped writing to whom, and who still receives a birthday card from a sister
they have not spoken to in twenty years. She keeps all of this behind a calm face and a pair of
half-moon glasses, and hands over the post with exactly the same smile for everyone.

Once a year, in December, Greta stays late and helps the schoolchildren write letters to people
they have never met. The children pick names from a hat: a lighthouse keeper in another country, a
ship's cook, a woman who runs a harbour café on an island in the south. They write about their
town, their school, their dogs and their favourite food. Most of the letters are never answered.
But every year a few answers come back in the spring, with foreign stamps and strange spellings,
and Greta pins them on the wall of the post office where everyone can read them.

One answer, from a ship's cook, pinned up three years ago and still there:
Thank you for your letter. I am writing this in the galley while the soup cooks. We are in the
middle of the ocean and there is nothing to see in any direction except water and one bird, which
has been following us for two days. I think it likes the soup. I cook for twenty-two men and they
complain about everything except the bread. You asked what my favourite food is. It is any food
that I did not have to cook. I hope your town is well and that your dog has stopped eating the
post.

Early summer is the season of the visitors. They come on the ferry with rucksacks and sunhats and
maps they do not need, because the town is only four streets long. They take photographs of the
boats, the nets, the lighthouse, the cat. They ask the fishermen whether the fish is fresh, and
the fishermen say no, it is three weeks old, and the visitors laugh uncertainly. They sit outside
the café for hours over one coffee, and Mara lets them, because in the winter she will miss them.

A visitor once asked Aksel whether it was lonely, living in such a small place. Aksel looked at
her for a while, and then looked out at the water, and then said: There are more people in this
town than I can keep track of. The visitor said that there were only about six hundred. Aksel
nodded and said: Exactly.

The school year ends in the middle of June with a concert in the church hall. Every class performs
something. The youngest children sing a song about a fish who wanted to be a bird. The middle
classes play recorders, badly, with enormous concentration. The oldest class puts on a play that
they have written themselves, which is always about the town and always includes a character who
is obviously Henrik, with a cardboard logbook and a deep voice. Henrik sits in the front row every
year and laughs louder than anyone.

This year the play was about a storm that blew the lighthouse away, and the whole town had to go
out in boats to find it. They found it in the end on the island, being looked after by the sheep.
The boy who played the lighthouse wore a white cardboard tube with a torch on top, and stood very
still for forty minutes, which his mother said was the longest he had ever stood still in his
life.

How the nets are mended:
The nets come up torn, always. A rock, a seal, a log, a careless propeller. They are laid out on
the quay in long heaps, and the menders sit among them on upturned boxes with a netting needle in
one hand and a spool of twine in the other. They find the edge of the hole, cut away the broken
threads until the meshes are clean, and then begin to knit, one knot at a time, row after row,
until the hole is gone. A good mender can close a hole the size of a door in an hour. The best
menders do not look at their hands at all. They look at the sea, or at each other, and talk, and
the net grows under their fingers as if it were mending itself.

The oldest net mender is Ruth, who is eighty-four and has been mending nets since she was nine.
Her fingers are bent and swollen now, but they still know what to do. She says she mended her
first net while her father was at sea, because she could not sleep, and that ever since, whenever
she is worried, she mends something. Her house is full of mended things: chairs, baskets, jumpers,
an umbrella with every spoke tied up in twine. Her grandchildren say that if you sit still too
long in Ruth's kitchen, she will mend you.

In July the mackerel come in. Nobody knows exactly when. One day the water off the wall begins to
boil with small fish leaping, and the gulls go mad, and then there are mackerel everywhere,
flashing green and silver and black, so many that the children catch them from the quay with a
line and a few feathers. For a week the whole town smells of mackerel. It is fried for breakfast,
grilled for lunch, smoked in the evening over a fire of oak chips behind the net shed, and left on
doorsteps in bags for neighbours who did not ask for it.

Smoked mackerel, the way the fishermen do it:
Clean the fish and take off the heads. Rub them with coarse salt inside and out and leave them for
an hour.
Rinse off the salt and hang the fish by their tails in the wind until the skin feels dry and tacky.
Light a small fire of oak chips in the smokehouse and let it die down to a smoulder. You want
smoke, not flame.
Hang the fish in the smoke for three or four hours, until they are golden brown and the flesh
comes away from the bone.
Eat one hot, straight from the smokehouse, with your fingers. Wrap the rest in paper and give them
away.

The wind has names here, as it does in most places where people depend on it. The west wind is
just the wind, because it is what usually blows. The north wind is the cold one, which comes down
off the mountains and makes the boats shiver at their moorings. The east wind is the dry one,
which brings clear skies and sore throats and tempers. The south wind is the wet one, warm and
heavy and full of rain, and it is the one that brings the big seas into the bay. There is also a
wind that the old people call the widow's wind, which comes without warning from the north-east on
a calm day. Nobody uses that name in front of the young fishermen.

The town has one policeman, whose name is Oskar, and he has never arrested anybody. In eleven
years the most serious crime he has dealt with was the theft of a bicycle, which turned out to
have been borrowed by the owner's brother. Oskar spends most of his time directing traffic on
regatta day, helping old ladies carry shopping up the hill, and settling arguments about parking,
of which there are many, because there are more cars than spaces and everyone believes the space
outside their house belongs to them. He settles them by listening carefully to both sides and then
saying, very seriously, that he will have to look into it. He never looks into it. The arguments
settle themselves.

A conversation outside the chandlery, between Oskar and a man whose van is parked across the
slipway:
"You cannot park here."
"I will only be a minute."
"That is what the last one said. He was here for two hours."
"I am not him."
"No. He was more polite."
"Fine. Where should I park?"
"Nowhere. That is the problem with this town. Nowhere to park and nowhere to go. Walk. It is good
for you."

The autumn storms begin in October. The first one always catches somebody out: a dinghy left on a
running mooring, a stack of lobster pots on the wrong side of the wall, a washing line full of
sheets. After that, people remember. They bring in the garden chairs and tie down the bins and
check the gutters. The fishermen double their lines and put old tyres between the boats. The café
takes in its tables for the last time, and the slate by the door says soup of the day, and
underneath, in smaller letters, stay dry.

The night of the big October storm, from the lighthouse keeper's notebook:
Eight in the evening. Wind south-west, gale force and rising. Sea very high. Rain heavy. Barometer
lowest I have seen in nine years.
Ten. Wind south, severe gale. Waves breaking over the outer wall. The green light still showing.
Could hear the boulders moving on the beach below, a sound like thunder under the floor.
Midnight. Wind at its worst. The whole tower hums. Lights on all along the front. Two boats still
out, according to the radio. Lifeboat launched at a quarter to twelve.
Two in the morning. Lifeboat back with both crews. Everyone safe. The wind is veering west and
easing a little. Made tea.
Four. Wind west, strong. Rain stopped. Stars showing between the clouds. Sea still very rough.
Eight in the morning. Wind north-west, moderate. Bright and cold. The beach is covered in weed and
timber. The harbour wall has lost one of its capstones. Children already out looking for treasure.

After the storm the whole town comes down to the beach. It is a kind of unofficial holiday. The
sea has rearranged everything. There are new pools among the rocks and new banks of shingle, and
the sand has been stripped away in places to show the black stumps of a forest that grew there
thousands of years ago, before the sea came in. The children run from one thing to the next. The
adults pick up firewood and talk about the storm as if they had personally fought it. Somebody
always finds something strange: a ship's lantern, a bottle with a note that turns out to be an
advertisement, a whale bone, a rubber duck from a cargo ship that lost its containers years ago
and still delivers a few ducks to the beach every winter.

The doctor's surgery is open in the mornings only. In the afternoons the doctor drives out to the
farms and the houses on the headland, where the old people live who cannot come down the hill. He
has a small green car with a dent in the door from a gatepost that moved, he says, while he was
reversing. The farmers pay him in eggs, potatoes, honey and advice. The advice is usually about
his car.

A week of the doctor's visits, as he described them to Mara over coffee:
On Monday a farmer with a bad back, who had been lifting a calf that did not want to be lifted.
On Tuesday an old woman who was perfectly well but had not spoken to anyone in a week.
On Wednesday a boy who had put a bead in his ear to see if it would come out of the other one.
On Thursday the same old woman, who was still well, and who had made a cake.
On Friday a fisherman with a hook through his thumb, who had walked two miles to the surgery
rather than cut the line and waste the hook.

In the town there is a man who collects clocks. His name is Teodor, and he lives in a narrow house
on Chapel Street with a window full of them, all ticking at slightly different speeds. There are
mantel clocks, wall clocks, cuckoo clocks, ship's clocks, a long-case clock with a painted moon,
and a clock with no hands at all, which he says is the most accurate of the lot. On the hour the
house erupts in a chorus of chimes and cuckoos and bells that lasts nearly a minute, because no
two of them agree. The neighbours have stopped noticing. Visitors stop in the street and stare.

Teodor repairs clocks for anyone who asks, and does not charge for it, because he says a clock
that works is payment enough. He once spent six months on a ship's chronometer that a fisherman
had found in a skip. When it was running again he gave it back to the fisherman, who put it in his
wheelhouse, and who says now that he has never been late for anything since, although his wife
disagrees.

A spring evening on the quay:
The sun goes down slowly in April, as if it is reluctant to leave. The sky above the island turns
a pale lemon colour and then pink, and the water holds the colours and doubles them. The swallows
are out over the basin, hunting the first insects. Two boys are fishing off the end of the wall
with a single rod between them, taking turns and arguing about whose turn it is. An old couple
walks the length of the front arm in arm, stops at the bench for Anna, sits for a minute, and
walks back. The lights come on in the café. Mara stands in the doorway with a tea towel over her
shoulder and watches the last of the light go off the water, and then she goes in and turns the
sign to closed.

The town's brass band practises on Tuesday evenings in the room above the fire station. There are
fourteen players, aged from twelve to seventy-nine. The trumpet player who has been practising the
same four bars for years is among them, and the band has now learned those four bars too, so that
when he plays them at home, late at night, they can sometimes be heard answered faintly from
another window, by a tuba. The conductor is a retired bus driver who waves his arms with enormous
feeling and very little regard for the time signature. The band follows him anyway. They say that
being together is more important than being right.

At Christmas the band plays carols on the quay while the lights are switched on. The lights are
strung along the front from lamp post to lamp post, and up the mast of the lifeboat, and around
the bandstand, and along the rigging of every boat in the harbour, so that the whole basin is
outlined in small coloured stars. The switch is thrown every year by the oldest person in the
town, who is currently Ruth, the net mender. Last year she pressed the button and nothing
happened. There was a long silence. Then the lights came on all at once, and everyone cheered, and
Ruth said that she had only been waiting for the right moment.

Things found in the pockets of the lost property box at the ferry office, one summer:
Three umbrellas, all black, all broken.
A single glove, red, for a left hand.
A book about birds with a pressed flower between two of the pages.
A child's drawing of a boat with seven funnels.
A pair of reading glasses in a case with a name on it that nobody in the town recognises.
A harmonica in the key of G.
A ticket for a concert in the city that happened eleven years ago.
A small stone with a hole through it.

The harbour is busiest just before dawn and just after noon. Before dawn the fishing boats go out,
one after another, with their lights on and their engines thudding, and the men on the quay call
to each other in low voices so as not to wake the town. After noon they come back, and the quay
fills up with boxes and ice and hoses and the buyers from the fish merchant with their clipboards.
For an hour everything is shouting and splashing and the scrape of crates on stone. Then it is
over. The boats are washed down, the boxes are stacked, the gulls are chased off, and the quay is
empty again and smells faintly of salt and diesel and the sea.

Some of the words the fishermen use that the visitors do not understand:
A lumpy sea is one with short, steep waves that make you feel sick even if you never feel sick.
A lazy wind is one that does not go around you but straight through you.
To be weathered in is to stay ashore because it is too rough to go out, and to feel guilty about
it all day.
A soldier is a red herring, because of the colour, though nobody has seen a red soldier for a
hundred years.
To go for a look is to go out in doubtful weather and turn back, having had a look.

The hardware shop is next to the bakery and smells of oil, paint, rope and paraffin. Its owner,
Jonas, is also on the lifeboat crew, and keeps his pager clipped to his belt beside a tape measure
and a pencil. When the pager goes off he puts a sign in the door that says back soon, and leaves
the customers inside to help themselves and leave the money on the counter. The money is always
there when he gets back. Once there was more than there should have been, with a note that said
for the lifeboat.

Jonas knows where every screw in the shop is kept. There are thousands of them, sorted into wooden
drawers by size and thread and head, and none of the drawers is labelled. If you ask for a brass
wood screw an inch and a quarter long with a countersunk head, he will walk straight to the right
drawer without looking and count out as many as you need. If you ask him how he does it, he says
he does not know. He says the shop tells him.

A summer rain shower, from the café window:
First the light goes strange, yellow and heavy. The gulls stop shouting. A few fat drops land on
the tables outside, each one making a dark circle the size of a coin. The people sitting there
look up at the sky, look at each other, and then all at once they are standing and grabbing their
cups and their bags and running for the door, laughing. Then the rain comes down properly, so hard
that it bounces off the cobbles and the quay disappears in a grey mist. The café is suddenly full
of wet strangers who are all talking to each other. Ten minutes later the sun is out again, the
tables outside are steaming, and nobody wants to leave.

On the first Sunday in May the boats are taken out in a procession to the island, and a wreath of
flowers is thrown into the water for the fishermen who did not come home. The names are read out
by the priest from the end of the wall, one by one, while the boats lie with their engines idling
and the crews stand with their caps off. Some of the names are very old, from a time when the
boats had sails and the men had no radios. Some of them are not old at all. When the last name has
been read the lifeboat sounds its horn, and then every boat sounds its horn, and the noise rolls
around the bay and echoes off the cliffs and comes back, and then there is silence, and then the
boats turn for home.

After the procession there is tea in the church hall, with sandwiches and cake, and the mood
changes completely. Children run between the tables. Old men who have not spoken all year sit down
together and talk about boats. The women who made the cake stand behind the table and watch to see
whose cake goes first. It is always Mara's, which causes some resentment, and it is always Ruth's
that goes last, because Ruth puts caraway seeds in everything and the children will not touch it.

A conversation between two fishermen mending a net, one grey afternoon:
"They say it will blow tomorrow."
"Who says?"
"The radio."
"The radio said it would blow last Thursday."
"It did blow last Thursday."
"Not where I was."
"Where were you?"
"In the pub."
"Well, it was blowing outside the pub."
"Then it was nothing to do with me."

The town has three pubs, which is more than it needs and fewer than it wants. The Anchor is for
the fishermen, and has a low ceiling, a stone floor and a fire that never goes out. The Crown is
for everyone else, and has a carpet, a piano and a quiz on Wednesday nights. The third pub does
not have a name, or a sign, and is really just the back room of a house on Ropewalk Lane where a
man called Magnus sells beer that he makes himself. You have to be invited. Everyone in the town
has been invited. Nobody admits to going.

The quiz at the Crown is taken very seriously. There are six teams, and they have had the same
names for years: the Dolphins, the Know-Alls, the Retired Teachers, the Lifeboat, the Last Orders
and a team of two old sisters who call themselves Us. The sisters win most weeks. Nobody knows
how. They do not have telephones, they do not read the newspapers, and they answer every question
after a short whispered conference, with complete certainty. The question master has begun to
suspect that they are the ones writing the questions.

In September the children go back to school and the town goes quiet in the middle of the day. The
visitors have gone. The café has its tables outside still, but only the old men sit at them, with
their coats on, facing the sun. The light is lower and more golden, and it comes in sideways
across the water and makes long shadows behind the bollards. The sea is warmer now than at any
other time of year, and a few stubborn swimmers still go in off the slipway in the early morning,
and come out red and shouting.

The swimmers call themselves the Early Club. There are nine of them, and they swim every morning
of the year, at seven, whatever the weather. In summer the water is pleasant and they swim out to
the green light and back. In winter the water is so cold that it hurts, and they go in up to their
necks, count to sixty, and come out again. There is a flask of tea waiting on the slipway, and a
pile of towels, and a dog that belongs to one of them and barks at the sea the whole time as if it
is trying to get them back. On New Year's Day the Early Club is joined by half the town, in fancy
dress, and the water is full of pirates, mermaids, bananas and one man dressed as a lighthouse,
who sank.

The lighthouse keeper's advice to the Early Club, given once and repeated ever since:
The sea does not care how brave you are. Go in slowly. Come out before you want to.

Autumn on the headland:
Above the town the land rises in a long curve of rough grass and heather to the cliffs, where the
path runs along the edge with the sea far below. In autumn the heather is purple and the bracken
turns copper, and the wind comes up off the water smelling of salt and rotting weed and something
sweet, like honey. There are blackberries in the hedges along the lane, and the children come up
after school with tubs and come down again with purple hands and empty tubs. From the top of the
cliff you can see the whole bay, the town tucked into its corner like a cat in a basket, the boats
in the basin, the island and the lighthouse, and on a clear day the far shore, blue and faint,
where the mountains are.

How Ruth makes blackberry jam:
Pick the berries on a dry day, after the dew has gone, and do not wash them unless you must.
Put them in a heavy pan with a little water and the juice of a lemon and let them soften over a
low heat.
Add the same weight of sugar as fruit and stir until it has completely dissolved.
Turn up the heat and boil hard, stirring now and then, for ten minutes.
Put a spoonful on a cold saucer. If it wrinkles when you push it with your finger, it is ready.
Pour it into clean warm jars and cover them at once.
Write the year on the lid. In ten years you will be glad you did.

Every harbour has its quarrels, and this one is no different. The longest running concerns the
pontoon at the end of the inner basin, which was built thirty years ago with money from the
council, and which the fishermen say is for fishing boats and the yacht club says is for yachts.
Every summer a yacht ties up there and every summer a fisherman unties it, politely, and moves it
to the visitors' berth. The yacht owners write to the council. The council writes to Henrik.
Henrik writes in his logbook: pontoon matter, as usual. Then he goes and has a coffee.

The yacht club itself is a small wooden building on the east side of the basin, with a flagpole, a
veranda and a bar that is open on Saturday evenings. Its members are mostly people from the city
who keep boats here for the summer, and a few local people who have been sailing since they were
children and who look at the city people's boats with a mixture of envy and pity. Once a year the
club and the fishermen play a football match on the beach at low tide. The fishermen always win.
The yacht club always buys the drinks. Everyone agrees that this is the correct arrangement.

Written on the back of an envelope found in the café, in two different hands:
Do you remember the summer it did not rain at all?
I remember the summer it did not stop raining.
That was the year after.
No, that was the year before. The dry one was when the well ran out.
The well never ran out.
It did, and your father went up the hill with buckets.
That was for the cows.
He said it was for the cows.

The children of the town have a game played only on the quay. It is called tides, and the rules
are complicated and change every year, but the basic idea is this. One child is the sea. The
others are boats. The sea stands at one end of the quay and calls out a time, and the boats have
to take that many steps toward the sea while the sea has its back turned. When the sea turns
round, the boats have to freeze, and any boat that is seen moving is wrecked and has to go to the
lighthouse, which is the bench for Anna. The last boat to reach the sea becomes the new sea. The
game can go on for hours. Henrik once timed a game that lasted from the end of school until the
light went, and wrote the result in his logbook.

In the middle of winter there is a week when the sun barely rises above the hills behind the town.
It comes up late in the south-east, slides along the ridge without ever quite clearing it, and
goes down again in the early afternoon. For that week the harbour is in shadow all day, and the
frost on the quay does not melt, and the water in the basin lies black and still. People go about
their business in lamplight. Then one morning, a few days after the shortest day, a single bar of
sunlight falls across the top of the harbour wall for a few minutes, and somebody notices, and by
lunchtime the whole town knows. It is called the first light, and it is the real beginning of the
new year, whatever the calendar says.

The doctor's wife keeps bees on the slope behind the surgery. There are eight hives, painted in
different colours so that the bees can find their way home. She says they prefer the blue one. In
the summer they forage on the heather and the clover and the gorse, and the honey they make is
dark and strong and tastes faintly of smoke. She sells it at the market in small jars with
handwritten labels. The jars sell out by nine. People who do not get any are told to come back
next year, earlier.

What the doctor's wife says about bees, when the children ask:
A bee does not want to sting you. It will die if it does, and it has far too much to do.
The bees know when you are nervous. Move slowly and they will ignore you.
When a beekeeper dies, someone must go out and tell the bees, or they will leave.
Every jar of honey is the work of hundreds of bees, each of whom made only a spoonful in her whole
life.
If you want to be a beekeeper, first learn to be patient. Then learn to be more patient.

Fog in the harbour:
It comes in from the sea in the late afternoon, a low grey wall moving across the water so slowly
that you cannot see it move. Then it is at the harbour mouth, swallowing the green light, and then
it is in the basin, and the boats on the far side are gone, and then the boats on the near side,
and then the end of the quay, and you are standing in a small round room of grey with nothing in
it but yourself and the sound of water. Every sound is louder and closer. A gull calls and seems
to be right beside your head. Somewhere out in the bay the foghorn on the lighthouse begins its
long, low moan, twice every minute, like a cow that has lost its calf. The fishermen stay in. The
café fills up. Mara puts on the lamps in the middle of the afternoon.

Tobias, now eleven, keeps a record of every boat he has launched. It is in a school exercise book
with a picture of a whale on the cover. For each boat there is a number, a date, a drawing, the
state of the tide and the wind, and a column headed Result. Most of the entries in the Result
column are empty. Some say simply: came back. Number seventeen, which came back twice, has a whole
page to itself. Number twenty-three has the word Signe in capital letters, and a stone with a hole
in it glued to the page. The latest entry, number sixty-one, has a drawing of a boat with a mast
and a sail made from a handkerchief, and the note: bigger. Going further.

A letter from Tobias to Signe, written in the autumn:
Dear Signe,
I have sent out six more boats since my last letter. Number fifty-six had a sail, which I think
was a mistake, because it went straight back into the harbour and got stuck under the ferry.
Number fifty-seven to sixty went out on the big October tide and I have not heard from them.
Number sixty-one is the best one I have ever made. It is as long as my arm and it has a keel made
from a piece of lead that Jonas gave me. I have put a letter inside it, in a jar, asking whoever
finds it to write to me. If you find it, you do not have to write, because you already do.
Here the storms have started. The lighthouse keeper says it will be a hard winter, but he says
that every year. Mara has started making soup again. My teacher says I should spend less time on
boats and more time on fractions. I told her boats are fractions, because you have to work out how
much lead to put in the keel. She did not think that was funny, but she gave me a good mark
anyway.
Write soon. Tell me what the sea looks like from your side.
Tobias

The woman who sells wool at the market is called Hilde, and she spins it herself on a wheel in the
window of her cottage on the headland road. Her sheep are the ones that spend the summer on the
island. She says the wool from the island is better than any other, because the sheep eat seaweed
at low tide and stand in the wind all day, and it makes them thick-coated and bad-tempered, which
is what you want in a jumper. She dyes some of it with plants: onion skins for yellow, lichen for
a soft orange, walnut husks for brown. Most of it she leaves the colour it came off the sheep,
which is forty shades of grey, as her sign says, and she can name every one.

Hilde knits a jumper for every baby born in the town. She starts when she hears the news and she
always finishes before the baby arrives. Each one has a pattern across the chest, different for
every child, a row of boats or fish or gulls or waves, and the children wear them until they are
too small and then pass them on, so that in the school playground on a cold morning you can see
the same jumper on three different children, one after another, over the years.

A timetable pinned inside the door of the ferry office:
The first boat leaves the harbour at a quarter past seven and reaches the mainland at eight.
It leaves the mainland again at half past eight and is back here by a quarter past nine, unless it
is not.
In the summer there is an afternoon boat at three, returning at five.
On Sundays there is no morning boat, because the captain goes to church, and no afternoon boat,
because he goes to his sister's.
In bad weather all sailings are subject to the captain's opinion.
The captain's opinion is final.

The captain of the ferry is a large, slow man called Piet, who has been making the same crossing
for twenty-two years. He says he could do it with his eyes closed, and on foggy days, he says, he
very nearly does. He knows every rock, every current, every buoy and every bird on the way, and he
greets some of the birds by name. He has a particular friendship with a cormorant that sits on the
third buoy outside the harbour and holds its wings out to dry whenever the ferry goes past. Piet
says it is saluting him. The crew say it is showing off.

Summer night, with the windows open:
It never quite gets dark in June. The sky in the north stays a pale, milky green all night, and
the sea reflects it, and the boats in the basin float on a sheet of dim silver. The town is quiet
but not asleep. Someone is playing cards on a balcony. A couple is walking slowly along the wall.
A small boat comes in without lights, very late, with two people in it who are laughing softly and
trying not to. On the hill an owl calls, and another owl answers from the churchyard. The tide
turns around two in the morning, and you can hear it if you listen, a change in the sound the
water makes against the wall, from a whisper to a sigh.

A conversation at the café between Mara and the lighthouse keeper, one wet morning:
"The usual?"
"The usual."
"You know, you could try something different. I have a new cake."
"What kind of cake?"
"Lemon and poppy seed."
"I tried a lemon cake once. In nineteen sixty."
"And?"
"It was a lemon cake."
"So you will have the usual."
"I will have the usual. But I will look at the new cake, so that it does not feel left out."

The fish merchant's yard is at the back of the quay, behind a high wooden fence with a gate that
is always open. Inside there are stacks of plastic boxes, a machine that makes ice, a long steel
table and a set of scales older than anyone who uses them. The fish are weighed and sorted and
packed in ice and loaded into a refrigerated lorry, which leaves for the city every afternoon at
four and arrives at the market there before midnight. By the next morning the fish that were
swimming in the bay are on plates in restaurants a hundred miles away, which the fishermen find
both impressive and faintly insulting.

The merchant himself is a thin, nervous man called Claes, who spends his whole day on the
telephone to buyers in the city, shouting prices. He has the only mobile telephone in the town
that works everywhere, because he climbed the church tower one night and fixed an aerial to it,
and the priest has never noticed. Claes knows the price of every fish in every market in the
country, and he says that if the price of cod goes up in the capital, he can feel it in his knees.

In the spring the lambs come, and the farms on the headland are full of noise. You can hear them
from the harbour on a still evening, a thin, high bleating carried down on the wind, and the
answering bellow of the ewes. The farmers do not sleep for weeks. They walk the fields at night
with torches, and come into the café at dawn with straw on their coats and mud to their knees, and
eat enormous breakfasts without speaking, and go out again. In the school, Miss Okafor's class
adopts an orphan lamb each year and feeds it with a bottle in the playground. The lamb is always
called something grand: Napoleon, Duchess, the Professor. It follows the children around all
spring and has to be returned to the farm before the summer, which causes a great deal of crying.

The town has one taxi, which is a large old estate car driven by a woman called Vera. It is also
the school bus, the ambulance when the real ambulance is too far away, and on Saturday nights the
only way home from the Crown for anyone who lives on the headland. Vera does not charge by the
mile. She charges by how much she likes you. The doctor pays almost nothing. The man who parked
across the slipway once paid a great deal.

Things that Vera keeps in the taxi, in case they are needed:
A blanket, a torch, a first-aid box, a bag of sweets for children, a bag of dog biscuits for dogs,
a spare pair of boots, a flask, a shovel for the snow, a length of rope, a road map of the whole
country that she has never opened, and a cassette of old dance tunes that she plays to nervous
passengers whether they like it or not.

Henrik's logbook, a week in late summer:
Monday. Three visiting yachts, all polite. One dinghy capsized in the basin by a boy showing off.
Boy recovered, pride not.
Tuesday. Ferry late owing to fog. Kittiwake in with a good catch, Aksel almost smiled.
Wednesday. The pontoon matter again. Resolved by lunchtime.
Thursday. A seal in the harbour all day, lying on the slipway like a visitor. Children delighted.
Fishermen less so.
Friday. A large motor yacht from the south asked for a berth for sixty feet. Told him we have a
berth for forty feet and an opinion about the rest. He went to the next harbour.
Saturday. Market day. Calm. Cat asleep on the chandlery steps all morning, stepped over by four
hundred people.
Sunday. Quiet. Painted two more sections of railing.

There is an old woman in the town who has never been on a boat. Her name is Elsa, and she has
lived beside the harbour all her ninety years, and watched the boats go in and out every day of
her life, and never once set foot on one. Her father was a fisherman, and her husband, and both
her sons. She says that somebody had to stay on the shore and watch, and she was good at it. Every
morning she sits at her window above the bakery with a pair of binoculars and a cup of tea, and
she can tell you which boats are out, which are late, and which have been left too long without
painting. The fishermen wave to her window as they go out. She raises her cup.

When the herring came, in the old days, they came in such numbers that the sea turned silver from
the harbour to the island. The whole town worked for weeks without stopping. The men went out day
and night, the women gutted and salted on the quay in long rows, the children carried baskets and
ran messages, and the smell of fish was in every house, every coat and every loaf of bread. The
barrels were stacked up three high along the front, waiting for the ships. Then one year the
herring did not come, and the next year only a few, and then none at all. Nobody knows exactly
why. The old salting sheds are still there behind the net shed, with their stone floors and their
wide doors. One is a workshop now. One is a gallery, where a painter sells pictures of the sea to
visitors. The third is empty, and the children say it is haunted by the smell.

The painter's name is Lucia. She came from the city twenty years ago and paints nothing but the
harbour, from the same spot on the wall, at every hour and in every weather. She has painted it
hundreds of times. She says it is never the same twice. Her early paintings are careful and
detailed, every boat and bollard in its place. Her later paintings have less and less in them: a
line for the wall, a smudge for the island, a wash of grey or gold or green for the water and the
sky. Her most recent painting is almost entirely blue. She says it is the best one she has done.
The visitors prefer the early ones.

A conversation between Lucia and a visitor looking at her paintings:
"Which one is the lighthouse?"
"None of them."
"Why not?"
"Because everyone paints the lighthouse."
"But it is the most interesting thing here."
"It is the tallest thing here. That is not the same."
"What is the most interesting thing, then?"
"The water. It changes every minute."
"Then how can you paint it?"
"I cannot. That is why I keep trying."

Late winter brings the longest nights and the worst of the weather, and the town turns inward.
People visit each other more. The pubs are full. The church hall holds a dance once a month with
the brass band playing, and everyone goes, from the children to Elsa, who does not dance but sits
at the side and tells everyone how badly they are dancing. There are card evenings and film
evenings and talks in the library: the history of the lighthouse, how to make a lobster pot, the
birds of the headland, a slide show of the doctor's holiday, which nobody wanted to see but
everybody went to anyway, because it was warm and there was tea.

The library is one room at the back of the town hall, open on Tuesday afternoons and Saturday
mornings. It has about four thousand books, a reading table, two armchairs, a radiator that clanks
and a librarian called Moses who is seventy-two and has read all of them. If you ask him for a
book he will tell you whether you will like it, and he is usually right. If he thinks you will not
like it, he will tell you to take it anyway, because it will be good for you. He keeps a list of
every book that has been borrowed since he took over the library, in a row of ledgers on a shelf
behind his desk. He says the list is the real history of the town, and that the books people
borrow in a hard winter are different from the books they borrow in a good summer.

What the town borrowed from the library in one hard winter, according to Moses:
Books about the sea, the tropics, deserts and mountains, anywhere warm or far away.
Books of recipes, especially for soup and bread.
Long novels, the longer the better, with families in them.
Books about gardening, borrowed in February and returned in March with soil between the pages.
A book about how to build a boat, borrowed by Tobias and renewed eleven times.

The church stands above the market square on a rise of ground, built of grey stone with a short
square tower and a weathercock shaped like a fish. The fish has not turned for years, because it
rusted in place pointing west, and most of the time it is right anyway. Inside, the church is
plain and cool and smells of old wood and candles. Along the walls there are small wooden models
of boats, hung there by fishermen over the centuries in thanks for coming home. Some are crude,
carved with a pocket knife. Some are perfect, with every rope and plank. The oldest one is a small
black boat with a single square sail, so old that nobody knows who made it or when. The children
like to count them during the sermon. There are fifty-three, or fifty-four, depending on who is
counting.

The priest is young, only thirty, and he came to the town three years ago from a big parish in the
city. At first the fishermen did not trust him, because he was young and had soft hands, and
because he did not know the difference between a trawler and a crabber. Then one winter night the
lifeboat went out short of a crew member, and the priest went down to the station and asked if he
could help. They gave him a lifejacket and put him on the ropes. He was sick the whole way out and
the whole way back, and he did not complain once. After that the fishermen came to church a little
more often, and sat a little closer to the front.

A spring tide in March, described by Henrik on the radio:
Good morning. A big tide today. High water this morning at about half past seven, and it will be
high, very nearly over the top step on the inner quay. With the wind in the south-west as it is, I
would expect some water on the road by the bakery, so move your cars if they are parked there, and
Rufus, mind your flour. Low water at about a quarter to two this afternoon, and a long way out, so
anyone thinking of walking to the island, you have about an hour either side, and no more, and I
will be watching. High water again this evening at about eight, a little lower than this morning.
That is all. Have a good day.

The water came over the top step that morning, as Henrik had said, and ran across the road into
the doorway of the bakery, where Rufus stood with a broom sweeping it out again as fast as it came
in, shouting at the sea. It was over in twenty minutes. The children were disappointed. They had
been hoping for a flood.

The boatyard is at the far end of the harbour, past the fish merchant and the salting sheds, where
the road runs out and becomes a track of crushed shells. It is run by two brothers, Emil and Lars,
who build wooden boats in the old way, with no drawings, from a pattern they carry in their heads.
They build one boat a year, sometimes two. Each one takes months. The keel is laid in the autumn,
a single long timber of oak, and the ribs go up over the winter, and the planks go on in the
spring, one at a time, steamed in a long box until they are soft enough to bend, and then clenched
to the ribs with copper nails. By the summer the boat is finished, and painted, and launched down
the slipway into the harbour with the whole town watching.

The brothers do not agree about anything except boats. Emil thinks the world was better in the
past. Lars thinks it is getting better all the time. Emil listens to the radio. Lars reads the
newspaper. Emil drinks his coffee black and Lars drinks his with three sugars. But when they stand
on either side of a boat, fitting a plank, they move together without a word, as if they were one
man with four hands, and the plank goes into place so exactly that you could not slide a hair
between it and the next.

A list of the tools on the wall of the boatyard, written out by a schoolboy for a project:
Adze, for shaping the big timbers. Looks like an axe that has been turned sideways.
Plane, many sizes, the smallest no bigger than a thumb.
Spokeshave, for curves.
Caulking iron and mallet, for driving cotton into the seams.
Bevel, for measuring the angle of the planks. Lars says this is the most important tool of all.
Steam box, a long wooden box with a kettle at one end.
Clamps, about a hundred, all different.
A chair, where Emil sits to think. Lars says this is the least important tool of all.

A girl named Noor works in the boatyard on Saturdays. She is fifteen and she has wanted to build
boats since she was six, when she watched the brothers launch their first boat and decided on the
spot. For years they told her she was too young. Then one Saturday she turned up with a small boat
she had built by herself in her parents' garage, a little flat-bottomed dinghy made from plywood
and glue, and asked them to tell her what was wrong with it. Emil looked it over for a long time,
tapped it, lifted it, sighted along the gunwale, and said: almost nothing. Lars said: you start
next week. She has been there every Saturday since, sweeping up shavings and steaming planks and
being shouted at by both brothers at once, and she says she has never been happier.

Noor keeps a notebook too. On the first page she has written: a boat is a shape that the sea
agrees with.

A morning in early May, before anyone is up:
The tide is out and the basin is half empty, the boats sitting on the mud at odd angles like
sleeping animals. The mud is shining and pocked with tiny holes, and the air smells of weed and
salt and something rich and rotten underneath. A heron stands at the edge of the channel,
perfectly still, watching the water. Two oystercatchers run along the tideline, piping. The sky is
pale and clear, without a cloud, and the sun is just touching the top of the lighthouse, turning
it pink, while everything below is still in blue shadow. The town is silent. Then a door opens
somewhere, and a man comes out in his slippers to put out the milk bottles, and looks at the sky,
and goes back in. The day has begun.

The town holds an election every four years for the council, and the campaign is conducted almost
entirely in the café. Candidates come in and buy coffees for anyone who will listen. They promise
to fix the church bell, or the post office clock, depending on which side they are on. They
promise a new car park, a new pontoon, a new roof for the school, and better mobile telephone
signal, which everyone knows is Claes's department. The votes are counted in the town hall on a
long table by Greta and Moses, who have done it for decades and who trust nobody else with the
job. The result is announced from the steps by Oskar the policeman, and it is nearly always the
same as last time.

A conversation in the café during the election:
"Who are you voting for?"
"Whoever fixes the bell."
"Nobody is going to fix the bell."
"Then I am not voting."
"You have to vote. It is your duty."
"My duty is to go fishing. The bell is somebody else's duty."
"Then who is going to fix it?"
"That is what I want to know."

In the summer the harbour is full of small boats in the evenings. Families go out after supper to
fish for mackerel, or to row across to the island for a picnic, or just to drift on the flat water
and watch the sun go down. The teenagers take the old rowing boat that belongs to the yacht club
and row it out to the green light and back, racing, until someone falls in and the race becomes a
rescue. The noise carries across the water: shouts and laughter and the splash of oars and, from
one boat, someone singing badly. Henrik stands on the end of the quay watching them all until the
last one is in, and then he goes home.

Mara's fish pie, as she tells it to anyone who stands still long enough:
Put a good piece of white fish and a smaller piece of smoked fish in a pan with milk, a bay leaf
and a few peppercorns, and poach them gently until they just flake.
Lift out the fish and keep the milk.
Melt butter in a pan, stir in flour, and add the warm milk a little at a time until you have a
smooth sauce.
Add a handful of chopped parsley, a squeeze of lemon, and salt and pepper.
Break the fish into large pieces and put it in a dish with a few prawns if you have them and two
hard eggs cut in quarters.
Pour the sauce over the fish.
Cover the top with mashed potato, rough it up with a fork, and dot it with butter.
Bake in a hot oven for half an hour, until the top is golden and the sauce is bubbling at the edges.
Do not let anyone tell you it needs cheese. It does not need cheese.

The school has a weather station in the playground, built by the oldest class years ago and
maintained by each oldest class since. It has a thermometer in a white wooden box with slatted
sides, a rain gauge, a wind vane on a pole and a small wooden cup anemometer that spins in the
breeze. Every morning at nine a pupil reads the instruments and writes the numbers on a board by
the school gate, and every evening Henrik reads them out on the radio after the tides, with the
name of the pupil who took them. The children listen to the radio to hear their names. Their
parents listen to hear whether the numbers are right. The lighthouse keeper listens to compare
them with his own, and he says that the school is usually within a degree, and that this is very
good for children.

In October the clocks go back and the evenings close in all at once. One day the light is still on
the water at supper time, and the next day it is dark by five, and the lamps along the front come
on while the children are still walking home from school. The café starts serving soup at lunch
again. The Early Club starts wearing woolly hats in the water. Hilde's stall at the market has
more customers, and the wool gets darker: the yellows and oranges of the summer give way to browns
and greys and a deep sea-green that she makes from something she will not name.

A letter from Signe to Tobias, the following spring:
Dear Tobias,
You will not believe this. Number sixty-one has arrived. Not here, but on the beach of the next
village, about four miles from us, and it was found by my cousin, who knew about you because I
have told everyone about you. He brought it to me on his bicycle in a basket. It was covered in
little white shells and there was a piece of green weed caught on the keel, but the jar was still
tight, and the letter was still dry. So now I have two of your boats. My mother says I am starting
a collection. I have put number sixty-one next to number twenty-three on the windowsill, and they
look like a family.
I have been thinking about how your boats come here. The teacher showed us a map of the currents
in the sea. There is one that goes up along your coast and then turns and comes across toward
ours, like a river inside the sea. She says it is very slow, a few miles a day, but it never
stops. So your boats are not lost. They are just taking the long way round.
The winter here was very cold. The sea froze along the edge of the beach, which almost never
happens, and we walked on it, which my mother said we must not do, so we did it quietly. Now the
ice is gone and the birds are back and the days are getting long.
I am going to build a boat and send it to you. It will be my first one, so do not laugh at it.
Your friend,
Signe

Tobias did not laugh. He went down to the harbour every day for the whole of that summer to look
for it, and on the days when the wind was from the north he looked twice.

The lighthouse on the point is white with a red band round the middle and a black lantern on top.
It was built a hundred and forty years ago, of stone brought from the quarry on the hill, carried
down on carts and then up the cliff on a rope railway, of which only the iron pegs now remain,
rusted into the rock. There are a hundred and twelve steps from the bottom to the top, in a
spiral, with a small window every twenty steps and a landing every forty. The lighthouse keeper
has counted them, he says, more than sixty thousand times. He says he has never once counted them
and got a different answer, which is more than he can say for most things.

At the top, in the lantern room, the great lens stands in the middle like a giant glass beehive,
made of rings of prism stacked one above another. When the sun shines through it, it throws
rainbows all over the walls. At night the lamp inside it is small, no bigger than a pear, but the
lens gathers its light and sends it out in a beam that can be seen twenty miles away. The
lighthouse keeper says this is the whole secret of lighthouses, and of a good many other things
besides: it is not how bright you are, it is how well you are focused.

A conversation between the lighthouse keeper and Tobias, at the top of the tower:
"How far can you see from here?"
"On a clear day, to the mountains. About forty miles."
"Can you see where Signe lives?"
"No. That is too far, and round the curve of the world."
"Can the light see it?"
"No. But ships that are going there can see the light. That is nearly the same."
"Is it?"
"It is the best a lighthouse can do. It cannot go anywhere. It can only help other things to go."
"That sounds sad."
"It did to me, once. Not any more."

When a fisherman retires, the custom is that he takes his boat out one last time, alone, at dawn,
and goes round the island and back. Nobody goes with him and nobody watches, or at least nobody
admits to watching. When he comes back, the other fishermen are waiting on the quay, and they take
his lines and tie up his boat for him, which is the only time in his life that anyone will have
done it. Then they all go to the Anchor, and the boat is sold, or given to a son or a nephew, and
the retired man begins a new life of sitting on the bench for Anna and telling the young ones that
they are doing it wrong.

Aksel retired last year, at seventy-one, after forty-four years on the Kittiwake. He took her
round the island at dawn in a flat calm, with the mist lying on the water and the sun coming up
behind the lighthouse. He was gone longer than anyone expected, nearly two hours. When he came
back, he stepped off onto the quay, handed his lines to the nearest man, looked at them all
standing there, and said: well. That was the whole of his speech. The Kittiwake went to his
granddaughter, who is twenty-three and has her skipper's ticket, and who has painted the boat the
same blue it has always been.

Notes on the birds of the harbour, from a poster made by Miss Okafor's class:
The herring gull is the large grey and white one that steals your chips. It is very clever and has
no manners at all.
The black-backed gull is even bigger, with a dark back, and it steals chips from the herring gull.
The cormorant is black and sits on buoys with its wings held out to dry, because its feathers are
not waterproof, which is strange for a bird that lives in the sea.
The eider duck is the fat one that floats in the basin making a noise like a surprised old lady.
The heron is grey and tall and stands in the shallows without moving for so long that you think it
is a post.
The oystercatcher is black and white with a long orange beak and it is always in a hurry.
The swallow comes in spring and leaves in autumn, and nobody is quite sure where it goes in
between, except that it is somewhere warm.
The robin lives in the churchyard and sings all winter, even when nobody else does.

Storm warning, as read out by Henrik one evening in November:
Good evening. The forecast is for a severe gale from the south-west overnight, storm force at
times around the headland, with very high seas and heavy rain. High water is at about eleven
tonight, which is bad timing, because that is when the wind will be at its strongest. Anyone with
a boat on the outer moorings, bring it inside the wall before dark. Anyone with a boat inside the
wall, double your lines and put out every fender you own. Anyone without a boat, stay at home, and
keep a light in the window. I will be at the harbour office all night. The kettle will be on.

The night of the November gale, Henrik sat in the harbour office with the kettle on and the radio
hissing, and one by one the people of the town came in out of the rain. First the fishermen, to
check their boats and then to stand at the window watching them. Then Jonas from the hardware
shop, with his pager, in case. Then the priest, who said he could not sleep. Then Mara with a pot
of soup and a bag of bread. Then Tobias, who should have been in bed, and who had come down the
hill in his pyjamas and a raincoat, and was sent home by Henrik, and came back twenty minutes
later with his father, who had also been unable to sleep. By midnight there were fifteen people in
the office, which is meant to hold four. The windows were running with water, inside and out.
Nobody said much. They drank soup and listened to the wind and watched the boats straining at
their lines in the lamplight, and every time a big sea came over the wall and the whole building
shook, somebody said: that was a big one, and somebody else said: there will be bigger. At three
in the morning the wind began to drop. At four they went home. Not a single boat was lost, and
Henrik wrote in his logbook: gale. All well. Office too small.

The day after a storm the harbour is a mess and everybody is cheerful. There is weed on the quay
and stones on the road, and a dinghy upside down in the car park, and the slipway is covered in
sand. The fishermen walk along the pontoons checking every line and every cleat. The council men
come with a lorry and a digger and start clearing the road. Children pick their way along the
tideline collecting things. Ruth stands at her door and says that it was nothing like the storm of
her childhood, when the sea came right up the street and a boat ended up in the churchyard. Nobody
believes her, but she has a photograph.

How to cook mussels, according to Aksel, who says it is the only thing he knows how to cook:
Get the mussels from the rocks below the lighthouse at low water, the big blue-black ones, and
only in the months with an R in their name.
Scrub them in a bucket of cold seawater and pull off the beards. Throw away any that are open and
will not close when you tap them.
In a big pot, soften an onion and some garlic in butter.
Tip in the mussels and a glass of whatever you are drinking, and put the lid on.
Shake the pot now and then. After four or five minutes they will all have opened.
Throw away any that have not.
Eat them from the pot with your fingers, using an empty shell as a pair of tweezers to pull out
the next one. Drink the juice at the bottom with bread.
Do not tell your wife how much butter you used.

A conversation overheard on the bench for Anna, between two retired fishermen:
"That one is going out with the wind against the tide."
"He will learn."
"We learned."
"We did not learn. We just got old."
"Same thing."
"It is not the same thing at all. Plenty of people get old without learning anything."
"Name one."
"You."
"I learned plenty."
"What did you learn?"
"Not to sit on this bench with you."
"And yet here you are."

The quarry on the hill above the town closed fifty years ago. It is a great grey bowl cut into the
side of the hill, with sheer walls and a floor of broken stone where birch trees are growing now.
At the bottom there is a pool of green water, very deep and very cold, where the teenagers swim in
the summer although they are told not to. The stone from the quarry is in everything in the town:
the harbour wall, the church, the lighthouse, the school, the old houses along the front. When you
walk through the town you are walking through the hill, the lighthouse keeper says, rearranged.

The men who worked in the quarry had a hut at the top of the lane, which is now Ivo's bicycle
shop. There is still a row of iron hooks along the back wall where they hung their coats, and a
date carved into the lintel above the door, and a set of initials scratched into the stone beside
it. Ivo has tried to find out whose initials they are. He says he has narrowed it down to eleven
men, all of whom are dead, and all of whom, according to their grandchildren, were the kind of man
who would carve his initials into a wall.

The first warm day of the year:
It always comes as a surprise. The morning is like any other morning in March, grey and cool, and
then at about ten the clouds thin and the sun comes through, and there is no wind, and suddenly it
is warm. Warm enough to take off a coat. Warm enough to sit outside. The whole town comes out of
doors as if at a signal. People stand in their doorways with their faces turned up to the sun and
their eyes closed. The old men appear on the bench. Mara puts out the tables, and they are full
within ten minutes. Dogs lie down in the middle of the road and refuse to move. Somebody starts
painting a window frame. By four o'clock the clouds have come back and it is March again, and
everyone goes back inside, but something has changed, and everyone knows it.

The doctor has a theory that the town is healthier than anywhere else in the country. He says it
is because of the hill, which everyone has to climb several times a day, and the air, which is
clean and salty, and the fish, which everyone eats, and the weather, which keeps everyone busy and
stops them worrying. His wife says it is because the doctor is too busy visiting people to let
them get ill. Greta at the post office says it is because everybody knows everybody, and nobody is
ever left alone for long. The doctor says that is the same as his theory. Greta says it is not.

From Miss Okafor's class, a list of things the children say they would miss if they moved away:
The sound of the boats in the morning.
The lighthouse at night, going round.
Mara's apple cake.
The tortoise.
The smell of the sea when you open the window.
Knowing everyone.
The island, even though I have only been there twice.
The swallows.
Being able to walk everywhere.
Henrik on the radio.
My grandmother.
Nothing, I would not miss anything, I want to live in the city. (This one was crossed out and
written again underneath: the cat.)

In December the fishermen decorate their boats. It started years ago with one string of lights on
one mast, and it has grown every year, until now there is a competition, judged by the lifeboat
crew, with a prize of a bottle of something and the right to be insufferable for a whole year. The
boats are hung with lights along every line and every rail. There are stars on the masthead and
wreaths on the wheelhouse. One boat has a Father Christmas in the rigging that waves an arm when
the wind blows. Last year the Kittiwake won, with a display of blue and white lights in the shape
of a great wave breaking over the bow, designed by Aksel's granddaughter. Aksel said it was too
much. He went down to look at it every night.

The winter market is held on the Saturday before Christmas. The stalls stay open after dark, lit
by lanterns, and there are extra stalls selling hot wine, roast chestnuts, gingerbread, wreaths of
holly and pine, and carved wooden birds made by a man from the farms who only comes down once a
year. The brass band plays at the end of the square. Hilde's stall is full of hats and scarves and
small knitted fish for hanging on trees. Rufus makes a special bread with fruit and spices and a
marzipan centre, and the smell of it drifts across the square and down to the quay, and he sells
out before the band has finished its first carol.

Every town has a place where the young people go to be away from the old people, and here it is
the end of the breakwater. It is a long walk out along the top of the wall, past the green light,
to a flat concrete platform where the wall stops and the open sea begins. On summer evenings the
teenagers sit there in groups with their legs dangling over the water, talking, eating chips,
throwing stones, looking at their telephones when they can get a signal and at the sea when they
cannot. The adults pretend not to know that they are there. The teenagers pretend not to know that
the adults are pretending. Every so often one of them falls in, and climbs out up the iron ladder,
and walks home dripping, and is told off, and goes back the next night.

The fishermen's widows have a room above the Anchor that they call the parlour, where they meet
every Thursday afternoon. It has a fire, a sofa, six armchairs, a table with a lace cloth on it,
and on the walls photographs of boats and men, some of them very old and brown and faded. The
women drink tea and play cards and knit and talk, and the talk is very cheerful, and sometimes
very loud, and sometimes for a minute or two very quiet. Men are not allowed in. The landlord of
the Anchor, who owns the room, is allowed to bring up the tea and then he must leave. He says he
has been doing it for twenty years and has never once heard what they talk about, and that he does
not want to.

How to find the way to the island at low water, as the farmer explains it to the visitors who ask:
Start at the bottom of the slipway when the tide has been falling for four hours, no earlier.
Walk straight toward the chapel until you reach the big flat rock with the white mark painted on it.
Turn left there and follow the ridge of stones, which is higher and drier than the sand on either
side.
Do not go onto the sand on the right, however firm it looks. It is not.
When you reach the second white mark, turn toward the chapel again and go straight up the beach.
You have about an hour on the island before you must start back. Not two hours. One.
If you are late, stay there. Do not try to cross on the rising tide. Wave to the lighthouse, and
someone will come.
Somebody always comes. But they will tell everyone, for years.

A wet Sunday afternoon in the café:
The rain has been falling since morning, steadily, without any wind. The windows are steamed up,
and someone has drawn a boat on one of them with a finger. Most of the tables are full. An old
couple is doing a crossword together, not speaking, passing the pencil back and forth. A family
with three children is on its second round of hot chocolate. Two fishermen are playing dominoes,
slapping the pieces down hard on the table. A young woman is writing a letter. Mara moves between
them with the coffee pot, filling cups without being asked. The radio is playing quietly in the
kitchen. Outside, the harbour is grey and empty, the boats are dark shapes, and the rain makes
rings on the water, thousands of them, spreading and overlapping and vanishing. Nobody wants to go
anywhere. There is nowhere to go, and nothing to do, and for once that seems exactly right.

Signe's boat arrived in September, on a north-westerly gale, at the bottom of the slipway. It was
found by Noor, on her way to the boatyard, lying on its side in the weed with its mast broken. It
was a small boat, about the length of a forearm, carved from a single piece of pale wood with a
penknife, and painted yellow with a blue stripe along the side. On the bottom, in careful letters,
someone had written: number one, from the other side. Noor did not know what it meant, but she
knew who would. She ran all the way up the hill to Tobias's house with the boat in both hands, and
knocked on the door, and when he opened it she held it out without a word. Tobias looked at it for
a long time. Then he said: she said not to laugh at it. Noor said: why would anyone laugh at it?
It is beautiful. It is a shape the sea agrees with.

A letter from Tobias to Signe, written that night:
Dear Signe,
It came. Number one from the other side. It came on the gale last night, and Noor from the
boatyard found it on the slipway this morning and brought it to me. The mast is broken but I can
mend it, and the paint is a bit scraped on one side, but apart from that it is perfect. It took
four months, which Noor says is about right for the current, and Lars at the boatyard says is
impossible, and Emil says is exactly what he would have expected.
I have put it on my windowsill, next to the stone with the hole in it. Now we each have each
other's boats, so we are even, except that you have two of mine and I have one of yours, so you
will have to send another one.
I am not laughing at it. Nobody is. The lighthouse keeper came to see it, and he held it up to the
light and turned it round and said that whoever made it had good hands. Henrik wrote it in his
logbook.
Your friend,
Tobias

Henrik's logbook, that day:
Arrival: small wooden vessel, yellow and blue, from the north, on the gale. Master and crew: none.
Berth: windowsill, Ropewalk Lane. Remark: long way round. Welcome.

The pattern of a year in the harbour, as the lighthouse keeper tells it:
In January the sea is at its wildest and the town at its quietest.
In February the days begin to stretch, and the first lambs come, and the snowdrops in the
churchyard.
In March the gales, and the first warm day, and the boats come out on the slipway for painting.
In April the swallows, and the boats go back in, and the visitors start to come.
In May the procession to the island, and the sea turns from grey to blue.
In June the light that never goes, and the school concert, and the sheep go out to the island.
In July the mackerel, and the harbour full of small boats in the evening.
In August the regatta, and the greasy pole, and the sea at its warmest.
In September the quiet after the visitors, and the blackberries, and the golden light.
In October the clocks go back, and the first storm, and the soup comes back to the café.
In November the gales, and the fog, and the long evenings in the pubs and the library.
In December the lights on the boats, and the winter market, and the shortest day.
And then January again, and the sea, and the first light on the harbour wall.

The town has a small museum in the old coastguard cottage at the top of the steps. It is open on
Sunday afternoons in the summer and by appointment in the winter, and the appointment is made by
knocking on the door of the cottage next door, where the curator lives. The curator is Elsa's
younger sister, who is eighty-seven. The museum has three rooms. The first is about fishing, with
nets and floats and lobster pots and a model of the harbour as it was a hundred years ago, with
every boat made of matchsticks. The second is about the lighthouse, with an old lamp, a logbook,
and a uniform that belonged to the first keeper, who was a very small man. The third room is about
everything else: a ship's bell, a stuffed seal, a collection of bottles found on the beach, a
diving helmet, and a glass case full of the things that the sea has washed up over the years, each
with a label in the curator's handwriting saying where and when it was found.

One of the labels in the glass case:
A wooden boat, small, painted with the number seventeen. Found on the slipway after the storm, on
two separate occasions. Lent to the museum by its builder, who would like it back when he is
older.

A conversation between Noor and Emil, in the boatyard, over a plank that would not bend:
"It keeps cracking."
"Then it has not been in the steam long enough."
"It has been in for an hour."
"Then it needs an hour and a half."
"How do you know?"
"Because it keeps cracking."
"That is not an answer."
"It is the only answer there is. The wood tells you. You listen."
"What if I do not understand what it is saying?"
"Then you break a lot of planks. That is how I learned. Lars broke even more."
"I heard that."
"You were meant to."

On the hill above the harbour there is a row of small gardens, each one a strip of land between
stone walls, where the people who live in the flats along the front grow vegetables. The soil is
thin and the wind is fierce, and the gardeners have learned to grow things low and tough:
potatoes, onions, cabbages, broad beans, rhubarb. Some of them have built little shelters out of
old fish boxes and bits of sail. On summer evenings the gardens are full of people weeding and
watering and arguing over the walls about slugs. The best gardener is a retired ferry engineer
called Bruno, who grows leeks as thick as his arm and talks to them in a language that nobody else
in the town understands. He says it is the language of his grandmother. The leeks seem to
understand it.

A cold clear night in January:
There is no moon, and no wind, and the frost has come down hard. The stars are so many and so
bright that the sky seems crowded. The lighthouse beam sweeps through them, round and round, and
each time it passes you can see for a moment the frost glittering on the roofs and the rigging of
the boats. The water in the basin is black and perfectly still, and every star is in it twice. It
is so quiet that you can hear the sea breathing against the outside of the wall, very slow, very
deep, and the creak of a rope somewhere as a boat shifts on its mooring. Your breath hangs in
front of you. The cold gets into your boots and your gloves. You stand and look up until your neck
aches, and then you go home to bed, and all night you dream of falling upward into the stars.

The old schoolmaster, who taught at the school for forty years before Miss Okafor came, now lives
in a house on the front with a view of the whole harbour. He has a telescope in his front window,
on a brass stand, and he spends his days watching the boats, the birds and, his neighbours
suspect, the neighbours. He was a strict teacher. Half the town was taught by him, and most of
them are still slightly afraid of him. When he walks down the street, grown fishermen stand up
straighter and take their hands out of their pockets. He knows this and enjoys it. He still
corrects people's grammar in the queue at the bakery.

A note that the old schoolmaster sent to the harbour office, by hand:
Dear Mr Dahl,
On the radio this morning you said that there would be less boats in the harbour over the weekend.
You meant fewer. I mention this only because the children are listening.
Yours sincerely,
A former teacher

Henrik's reply, pinned to the door of the harbour office the next day:
Dear Sir,
Thank you. There will be fewer boats, and less patience.
H. Dahl

The wind turbine on the headland was built ten years ago, after a long and furious argument that
divided the town into two camps for a whole winter. One camp said it would spoil the view. The
other camp said the view had already been spoiled by the car park. There were meetings in the
church hall that went on until midnight, and letters to the newspaper, and a petition, and a
counter-petition, and a brief period during which the two sisters from the quiz team stopped
speaking to each other, which nobody had ever seen before. In the end the turbine was built. Now
it turns on the headland above the town, white and slow and almost silent, and the children think
it has always been there, and the people who argued against it have quietly started to call it
ours.

The pattern of a fishing day, from a boy who went out with his uncle for the first time:
We got up at four. It was dark and cold and my uncle did not say anything, he just made tea and
gave me a jumper that was too big. We walked down to the harbour with a torch. The boat was
already running when we got there. We went out past the green light and the sea was bigger than it
looks from the shore, and it went up and down a lot. I was sick twice. My uncle said everyone is
sick the first time, and that he was sick for the first three years. We pulled up the pots, there
were thirty of them, and there were lobsters and crabs and one starfish and a lot of weed. My
uncle measured the lobsters with a little metal thing and threw the small ones back. He said they
would be bigger next year and so would I. At eleven we came home. I slept all afternoon. When I
woke up I felt like I had been somewhere very far away.

In the spring the council sends a man to inspect the harbour wall. He comes on the ferry in a suit
and a hard hat, carrying a clipboard, and walks the whole length of the wall slowly, tapping the
stones with a small hammer and writing things down. Henrik walks with him. Henrik does not say
anything. He has walked that wall every day for twenty-six years and he knows every crack in it,
every loose stone, every place where the mortar has washed out, and he has written them all down
in his own book, in more detail than the man from the council will ever manage. At the end of the
day the man from the council says that the wall is in reasonable condition but will need some work
in the next five years. Henrik says that he has been told that every year for twenty-six years.
The man from the council writes that down too.

A conversation between Mara and her mother, who is ninety and lives in the flat above the café:
"Is it busy down there?"
"Not very. The wind has kept people away."
"In my day we were busy whatever the wind."
"In your day there was nowhere else to go."
"There is nowhere else to go now."
"There is the Crown."
"The Crown has a carpet. Nobody goes to a café to sit on a carpet."
"Do you want some soup?"
"What soup?"
"Fish."
"Whose fish?"
"Aksel's granddaughter's."
"Then yes. That girl knows what she is doing."

The fish market on the quay is a long low building with open sides and a tin roof, where the catch
is laid out on ice and sold by auction twice a week. The auction is conducted at enormous speed by
a man called Tomas, in a kind of chant that nobody outside the town can follow. The buyers stand
round the boxes with their hands in their pockets, and bid by nodding, or raising a finger, or
tilting their heads a fraction, and Tomas sees every movement and calls out the price without ever
seeming to look at them. A whole catch can be sold in ten minutes. Visitors come to watch, and are
warned not to move, in case they buy a box of crabs by accident. One did, once. He took them home
on the ferry in a bucket.

The mural on the wall of the fish market, painted by the children years ago, is still there, a
little faded now: a whale, a boat and a moon. Every few years a new class asks whether they can
paint over it, and every year the answer is no, because the children who painted it are grown up
now and some of them are fishermen, and they walk past it every day, and they would not like it to
go. Instead the new classes paint on the other walls. There is now a lighthouse, a row of houses,
a flock of gulls, a mermaid, and a very large crab, which was painted by a boy who said it was a
self-portrait.

A few lines from a notebook that Noor keeps in the boatyard:
Oak for the keel, because it is strong and does not mind being wet.
Larch for the planks, because it bends without breaking and does not rot.
Copper for the nails, because iron rusts and stains the wood.
Cotton and linseed oil for the seams.
Patience for everything else.
Lars says the most important part of a boat is the part you cannot see. Emil says the most
important part of a boat is the person in it. They argued about this for an hour. I think they are
both right, which makes them both angry.

One evening a year, in late summer, the whole town goes out to the island for a bonfire. It is the
night of the lowest tide, when the ridge of stones is dry for longest, and people walk out in a
long line just before sunset, carrying baskets and blankets and driftwood and children. Those who
cannot walk go out in boats. The bonfire is built on the beach below the ruined chapel, and lit as
the sun goes down, and there is food and singing and the brass band, which has to carry its
instruments across the sand, and one year lost a trombone in a pool. When the tide turns, the
walkers start back by torchlight, a long wavering line of lights across the dark sand, and the
boats go back across the water with their lanterns lit. From the lighthouse, the keeper says, it
looks like the stars have come down to cross the bay.

The trumpet player, whose name is Felix, finally played the whole tune last summer. It was at the
island bonfire, late, when most of the people had gone back across the sand and only a few were
left around the fire. Someone asked him to play, as they always did, expecting the four bars that
everyone knew. He stood up, and put the trumpet to his lips, and played the four bars, and then
kept going. He played the next four, and the four after that, and all the way through to the end,
a slow, sad, lovely tune that nobody there had ever heard before. When he finished there was a
silence, and then the sea hissing on the sand, and then somebody began to clap. Felix sat down and
said that it had taken him eleven years, and that it was his own tune, and that he had not known
how it ended until that night.

A conversation between Tobias and the lighthouse keeper, on the way down the hundred and twelve
steps:
"Will you stop climbing the stairs one day?"
"One day."
"What will you do then?"
"Sit at the bottom and look up."
"Is that the same?"
"No. But it will do."
"Who will climb them after you?"
"Whoever wants to. Perhaps you."
"I want to build boats."
"Then build boats. The stairs will still be here."
"And the light?"
"The light does not need anyone. I told you. I only keep it company."
"Then I will keep you company."
"That is the best offer I have had in a long time."

The harbour master's radio report is broadcast every morning at a quarter to seven on the local
station, between the farm prices and the church notices. It lasts about three minutes. Henrik
reads the tides, the weather, the wind and the sea state, the numbers from the school weather
station, any boats expected or overdue, and anything else he thinks people ought to know, which
may include a lost dog, a loose buoy, a whale in the bay or a reminder that the slipway is not a
car park. He reads it in the same flat, slow voice every day, and it is the most listened-to
programme on the station. The farmers listen to it in their milking sheds, the fishermen in their
wheelhouses, and the old people in their kitchens with the sound turned up, and when Henrik was
ill for a week one winter and his deputy read it instead, the station received so many complaints
that the deputy had to go and lie down.

One morning's report, in full:
Good morning. It is Tuesday. High water at ten past nine this morning and twenty to ten tonight,
low water at about a quarter past three this afternoon. A middling tide. The wind is
north-westerly, force four, expected to freshen to force five or six by this evening and back
westerly overnight. Sea moderate, becoming rough later outside the bay. Visibility good. The
school reports eight degrees in the playground, no rain in the gauge, and the wind vane pointing
north-west, which agrees with me. Reading taken by Ada, aged nine. The ferry is running on time.
The Kittiwake is out and expected back by noon. There is a tree trunk floating in the channel just
outside the green light, so keep a lookout. And whoever has been leaving lobster pots on the steps
of the harbour office, I know it is you, and so does your mother. That is all. Have a good day.

A short piece about doors:
Every door on the front is painted a different colour, and nobody remembers who started it. There
is a red door, a blue one, a yellow one, a green one the colour of seaweed, a pink one that the
owner says is salmon and everyone else says is pink, and a black one, which belongs to the old
schoolmaster. The doors are repainted every few years, always in the same colour. When a house is
sold, the new owners are expected to keep the colour of the door, and most of them do. One couple
from the city once painted their door white. For a year nobody could find their house. The postman
delivered their letters to the neighbours. The taxi drove past them twice. In the end they painted
it back to orange, and everything was all right again.

A list of the boats in the harbour this winter, as written by Ada, aged nine, for a school project:
The Kittiwake, blue, fishing, skipper Aksel's granddaughter.
The Morning Star, red, fishing, always the first out.
The Good Intent, green, lobsters, smells the worst.
The Brothers, white, built by Emil and Lars, not for sale.
The Saint Brendan, the ferry, leans to the left.
The lifeboat, orange, no name, just a number, but everyone calls it the Old Lady.
The Wren, small, wooden, belongs to the doctor, never leaves the harbour.
The Persistence, a yacht, belongs to a man from the city who comes twice a year and stays for one
night.
Eleven rowing boats, names not known.
One dinghy, upside down on the quay, name painted over.

Late in the evening on the last day of the year, the town gathers on the quay to see the old year
out. There are lanterns on the bollards and a fire in a brazier at the end of the wall, and
everyone brings something hot to drink in a flask. The brass band plays, and then stops, and then
everyone waits. At midnight the church bell begins to ring, two minutes late as always, and at the
same moment every boat in the harbour sounds its horn, and the lifeboat sets off a flare that
hangs red over the water, and the lighthouse, which cannot do anything different, goes on turning
exactly as before. People hug each other and shake hands and wish each other luck. Then the Early
Club goes down the slipway into the black water, shrieking, and the year has begun.

What the people of the town wished for that year, written on slips of paper and put into a jar at
the café:
A good season.
Calm water.
That my son comes home for the summer.
A new roof for the school.
That the bell is fixed. (Underneath, in another hand: It will not be.)
To finally reach the ham.
More mackerel and fewer visitors. (Underneath: More visitors, please. Mara.)
That my knees stop hurting.
That the letter comes.
To build a real boat, one that a person can go in.
Nothing. I have everything I need. (Unsigned, but the handwriting is Aksel's.)

The crab season starts in May and the crabbers work the rocky ground below the cliffs, where the
trawlers cannot go. Their boats are small and open and slow, and the pots are made of netting
stretched over curved frames of wood or steel, with an opening in the top like a funnel. The crab
climbs in after the bait and cannot find its way out. Each pot is marked by a small float with the
owner's colours painted on it, and every crabber knows every other crabber's colours, so that the
sea below the cliffs is like a map of who owns what. Moving another man's pots is the worst thing
you can do in the harbour. It has happened twice in living memory. Both times the whole town knew
by nightfall, and both times the pots were moved back by morning, and nothing more was said, and
nothing more needed to be.

A dressed crab, the way the fish stall sells it on Saturdays:
Boil the crab in well-salted water for about fifteen minutes for a middling one, then let it cool.
Twist off the claws and legs. Crack them with the back of a heavy knife and pick out the white meat.
Turn the body over and pull it away from the shell. Throw away the grey feathery parts, which the
fishermen call dead men's fingers.
Scoop the brown meat from the shell and mix it with a little mustard, lemon and breadcrumbs.
Wash the shell, and break away the thin edge so that it makes a neat dish.
Put the brown meat down the middle and the white meat on either side.
Decorate with parsley and chopped egg if you want to impress someone. Eat it with bread and butter
if you do not.

A conversation in the school playground, between Ada and the tortoise, reported by Miss Okafor:
"Admiral, are you asleep?"
Nothing.
"Admiral, it is spring. You are allowed to wake up now."
Nothing.
"I brought you a dandelion."
A very small movement of the head.
"I knew you were awake."
Nothing, but the dandelion was gone by lunch.

Autumn gales bring in the driftwood, and the driftwood brings out the gatherers. There are people
in the town who have not bought firewood in thirty years. They walk the beaches the morning after
every blow with a sack and a small saw, and come home with their backs bent and their sacks full
of wood that the sea has already dried and salted and smoothed. It burns with a blue and green
flame because of the salt. Some of the gatherers keep the best pieces and do not burn them: a
branch shaped like a heron, a plank with a painted name still showing, a ship's timber with the
holes of old bolts in it. There is a house on the headland road with a whole garden wall built of
driftwood, every piece different, and the owner can tell you where each one was found and in which
storm.

Things the lighthouse keeper has said over the years, collected by Mara on the back of the café
menu:
The sea is always the same and never the same. So is everybody.
You do not have to be loud to be seen. You only have to be there every night.
A harbour is a place where the sea has agreed to be quiet for a while.
Never argue with a tide. It has more time than you.
If you want to know what the weather will be, look out of the window tomorrow.
The best view of the town is from the water, because from there you can see all of it and none of
its problems.

A Saturday morning in November, at the market:
It is cold and the wind is coming off the sea in gusts that make the awnings crack like sails.
There are fewer stalls than in summer, and the stallholders stand close to their braziers,
stamping their feet. Pell the knife sharpener is there as always, his wheel humming. The sisters
at the vegetable stall have piles of leeks and cabbages and dark red beetroot with the earth still
on it. Hilde has a new batch of hats, grey and thick and enormous. The boy at the end of the row
has a box of beach glass sorted by colour, green and brown and white and one single piece of blue,
which he says is rare and costs five. Rufus has sent down a basket of rolls, still warm, with a
cloth over them. People move slowly from stall to stall with their shopping bags, stopping to
talk, their breath smoking in the cold. By eleven the wind has dropped and a thin sun has come
out, and the whole square looks suddenly washed and bright, and someone says that it will be a
fine afternoon, and nobody believes them, and it is.

At the end of the harbour wall, beyond the green light, there is a single iron ring set into the
stone, so old and so worn that it has become smooth as glass. Nobody uses it any more. It is too
far out, and too exposed, and too low down, and no boat would ever tie up there now. But the
children like to touch it for luck as they walk out along the wall, and the fishermen touch it
too, although they pretend they are just steadying themselves. The lighthouse keeper says that the
ring was there before the wall, before the town, before the lighthouse, fixed into a rock that was
later built over, and that the first boat ever to come into the bay was tied to it. He cannot
prove this. He says he does not need to.

Spring cleaning at the chandlery, described by Beatrix:
Once a year I take everything off every shelf, dust it, count it, and put it back. It takes a
week. I find things I had forgotten we had: a box of brass portholes, a crate of lamp wicks for
lamps nobody has used in fifty years, a chart of a coast that has since moved. I find things
nobody would ever buy, and I put them back on the shelf anyway, because somebody might. The
figurehead watches me the whole time. When I am finished I stand in the middle of the shop and
look around, and everything is in its place, and for one day the shop is perfect. Then the first
customer comes in and asks for something I do not have.

The children who grow up in the town leave, mostly. They go to the city for college, or for work,
or just to see what else there is, and they send postcards, and they come home at Christmas and
for the regatta, and each year they seem a little more like visitors. Some of them never come back
for good. Some of them come back after a few years, with a partner or a child or a trade, and take
over a boat or a shop or a house on the front, and within a month it is as if they had never left.
The old people watch them go with sadness and see them come back without surprise. They say the
harbour is like the tide. Things go out, and things come back.

A letter from a young woman in the city to her grandmother in the town, found years later in a
drawer:
Dear Gran,
The city is very big and very loud and nobody says good morning. I have a room on the fourth floor
with a window that looks at another window. I like my work. I have made two friends. I have found
a café that is nearly as good as Mara's, but not quite, and I have not told them that. At night I
lie awake and listen for the sea, and of course it is not there, so I listen to the traffic and
pretend. It is not so different, you know. It comes and goes in waves.
I will be home for the regatta. Tell Henrik I want my old mooring for the rowing boat. Tell Mara
to save me a slice of apple cake. Tell the lighthouse keeper I still count the seconds between the
flashes when I cannot sleep, even though there are no flashes here, and he will understand.
With love,
your granddaughter

A short conversation on the quay at dawn, between Henrik and Aksel's granddaughter, as she casts
off:
"Where are you going today?"
"Where they were yesterday."
"And if they are not there?"
"Somewhere else."
"Your grandfather used to say that."
"I know. I asked him what it meant."
"What did he say?"
"He said I would find out."
"And have you?"
"Not yet. Ask me in forty years."
"I will not be here in forty years."
"Then I will write it in your logbook."

The end of a summer day, from the bench for Anna:
The last ferry has gone. The visitors have gone back to their rooms or their tents or their boats.
The fishermen have gone home to sleep. The café is closed, and Mara is sweeping the floor inside
with the lights on, and through the window you can see her stop now and then to lean on the broom
and look out at the water. The gulls have settled on the roofs. The tide is high and slack, and
the boats lie still on it with their bows all pointing the same way, like a congregation. The sky
over the island is turning from gold to rose to a soft deep blue, and the first star has come out
over the lighthouse. Somewhere a child is being called in for bed, and is not coming. A window
opens on the hill, and a trumpet plays four bars, and then the rest of the tune, slowly, all the
way to the end. The lighthouse comes on. The beam swings out over the bay, once, twice, a third
time, steady and patient, the way it has done every night for a hundred and forty years, and will
do tonight, and tomorrow, whether or not anyone is watching. Someone always is.
`;
