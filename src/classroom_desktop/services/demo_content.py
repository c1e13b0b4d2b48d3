"""The demo class's fixed content: a Grade 4 mathematics framework, a class list, notes and activities.

The standards' "I can" statements and descriptions were written for Classroom Desktop; they follow
the usual Grade 4 topics but are not the text of any published framework.
"""

from __future__ import annotations

from typing import NamedTuple

FRAMEWORK_NAME = "Grade 4 Mathematics (Classroom Desktop demo)"
FRAMEWORK_DESCRIPTION = ("A Grade 4 mathematics framework written for the Classroom Desktop demo: "
                         "24 standards in 4 strands, with prerequisites.")
CLASS_NAME = "Grade 4 — Room 12"
SCHOOL_YEAR = "2026–27"

#: (strand code, strand name, [(standard code, "I can" statement, description)]).
STRANDS: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    ("NBT", "Number & place value", [
        ("4.NBT.1", "I can read, write and compare whole numbers up to one million.",
         "Uses digits, number names and expanded form, and compares two numbers with <, = and >."),
        ("4.NBT.2", "I can explain why a digit is worth ten times more one place to the left.",
         "Uses place-value charts and base-ten blocks to show the ten-times relationship between places."),
        ("4.NBT.3", "I can round whole numbers to the nearest ten, hundred or thousand.",
         "Rounds with a number line, says which two numbers it lies between, and checks by estimating."),
        ("4.NBT.4", "I can add and subtract big numbers with a written method I can explain.",
         "Adds and subtracts numbers up to six digits, regrouping across zeros, and checks by the inverse."),
        ("4.NBT.5", "I can multiply a number by a one-digit number, and a two-digit number by another.",
         "Multiplies with area models, partial products and a written method, and links them."),
        ("4.NBT.6", "I can divide by a one-digit number and decide what to do with the remainder.",
         "Divides numbers with up to four digits and uses the context to deal with the remainder."),
        ("4.NBT.7", "I can find the factor pairs of a number and list its multiples.",
         "Finds all factor pairs of a number up to 100 and tells whether the number is prime or composite."),
    ]),
    ("NF", "Fractions", [
        ("4.NF.1", "I can show two fractions are equal using a model and by multiplying.",
         "Makes equivalent fractions with strips, area models and number lines, and by scaling."),
        ("4.NF.2", "I can compare fractions with different denominators.",
         "Compares fractions using a common denominator, a common numerator or the benchmark one half."),
        ("4.NF.3", "I can add and subtract fractions and mixed numbers with the same denominator.",
         "Joins and separates parts of the same whole, including mixed numbers, and explains each step."),
        ("4.NF.4", "I can multiply a fraction by a whole number.",
         "Sees 3 × 2/5 as three groups of two fifths and solves word problems with a model or an equation."),
        ("4.NF.5", "I can write tenths and hundredths as fractions and as decimals.",
         "Moves between 3/10, 30/100 and 0.3, and places decimals to hundredths on a number line."),
        ("4.NF.6", "I can compare decimals to hundredths and explain my reasoning.",
         "Compares decimals such as 0.4 and 0.38 with place value and money, not by counting digits."),
    ]),
    ("MD", "Measurement & data", [
        ("4.MD.1", "I can change a measurement into a smaller unit of the same system.",
         "Converts km, m and cm, kg and g, L and mL, hours and minutes, and records them in a table."),
        ("4.MD.2", "I can solve word problems about length, mass, capacity, time and money.",
         "Chooses an operation, converts units where needed, and shows the work with a diagram."),
        ("4.MD.3", "I can find the area and perimeter of rectangles, including a missing side.",
         "Uses the area and perimeter rules for rectangles for real places such as a garden or a floor."),
        ("4.MD.4", "I can make a line plot of measurements in fractions of a unit and use it.",
         "Collects measurements to the nearest half, quarter or eighth, plots them and answers questions."),
        ("4.MD.5", "I can measure and draw angles in degrees with a protractor.",
         "Reads both scales of a protractor correctly and estimates an angle before measuring it."),
        ("4.MD.6", "I can find a missing angle when angles are put together.",
         "Uses the fact that angle measures add up, for example around a point or along a straight line."),
    ]),
    ("G", "Geometry", [
        ("4.G.1", "I can draw and name points, lines, rays, angles, and parallel and perpendicular lines.",
         "Uses the correct words and labels and tells right, acute and obtuse angles apart."),
        ("4.G.2", "I can sort two-dimensional shapes by their sides and angles.",
         "Groups shapes by parallel or perpendicular sides and by angle types, and names right triangles."),
        ("4.G.3", "I can find and draw lines of symmetry.",
         "Folds, uses mirrors and reasons about shapes and letters to find every line of symmetry."),
        ("4.G.4", "I can build 3D shapes from nets and describe their faces, edges and vertices.",
         "Predicts which nets fold into a cube or prism and counts faces, edges and vertices."),
        ("4.G.5", "I can describe where a shape is and how it moved on a grid.",
         "Uses left, right, up and down steps to describe translations, and reflects shapes in a line."),
    ]),
]

#: standard code -> codes of its prerequisites.
PREREQUISITES: dict[str, list[str]] = {
    "4.NBT.2": ["4.NBT.1"],
    "4.NBT.3": ["4.NBT.2"],
    "4.NBT.4": ["4.NBT.2"],
    "4.NBT.5": ["4.NBT.2"],
    "4.NBT.6": ["4.NBT.5"],
    "4.NBT.7": ["4.NBT.5"],
    "4.NF.1": ["4.NBT.7"],
    "4.NF.2": ["4.NF.1"],
    "4.NF.3": ["4.NF.1"],
    "4.NF.4": ["4.NF.3", "4.NBT.5"],
    "4.NF.5": ["4.NF.1", "4.NBT.2"],
    "4.NF.6": ["4.NF.5"],
    "4.MD.1": ["4.NBT.2", "4.NBT.5"],
    "4.MD.2": ["4.MD.1", "4.NBT.4"],
    "4.MD.3": ["4.NBT.5"],
    "4.MD.4": ["4.NF.3"],
    "4.MD.5": ["4.G.1"],
    "4.MD.6": ["4.MD.5"],
    "4.G.2": ["4.G.1"],
    "4.G.3": ["4.G.2"],
    "4.G.4": ["4.G.2"],
    "4.G.5": ["4.G.1"],
}


class Seed(NamedTuple):
    """One student of the demo class and the teacher's notes about them."""

    given: str
    family: str
    preferred: str
    trajectory: str  # "steady", "struggles" or "races"
    languages: str
    interests: str
    strengths: str
    needs: str
    accommodations: str = ""
    #: the language the family reads (es, fr, pt, ar): its reports, certificates and plans print in it
    home_language: str = ""


STUDENTS: list[Seed] = [
    Seed("Thị Hương", "Nguyễn", "Hương", "steady", "Vietnamese (home), English", "drawing, cooking, K-pop",
         "Careful, neat working; checks answers without being asked.",
         "Quiet in whole-class talk; needs a nudge to explain her reasoning out loud."),
    Seed("Minh Khoa", "Trần", "Khoa", "steady", "Vietnamese, English", "football, building, Minecraft",
         "Strong mental arithmetic; enjoys beating his own times.",
         "Rushes word problems and skips the question at the end."),
    Seed("محمد", "العلي", "", "steady", "Arabic (home), English, some French", "football, space, stories",
         "Great at spotting patterns in tables of numbers.",
         "Reading load in word problems slows him down — pre-teach key vocabulary."),
    Seed("فاطمة", "حداد", "", "steady", "Arabic (home), English", "drawing, animals, music",
         "Very visual; her diagrams often explain more than her words.",
         "Loses confidence after one wrong answer; praise the strategy, not just the result.",
         home_language="ar"),
    Seed("小明", "王", "", "steady", "Mandarin (home), English", "space, building, chess",
         "Fast and accurate with written methods.",
         "Finds it hard to explain why a method works; push for 'how do you know?'"),
    Seed("娜", "李", "", "steady", "Mandarin, Cantonese with grandparents, English",
         "music (violin), stories",
         "Persistent; will try a second strategy without being told.",
         "Measurement units are new to her in English — keep a word wall handy."),
    Seed("Zofia", "Wójcik", "Zosia", "races", "Polish, English", "animals, horse riding, puzzles",
         "Reasoning well beyond grade level; loves open problems.",
         "Gets bored with repetition — give extension tasks early, not at the end."),
    Seed("Jakub", "Krzyżanowski", "Kuba", "steady", "Polish, English", "football, cooking, Lego",
         "Good at estimating; sensible checks of answers.",
         "Handwriting makes columns drift; squared paper helps."),
    Seed("María José", "Peña", "Majo", "steady", "Spanish (home), English", "dance, music, stories",
         "Explains clearly to a partner; a natural peer tutor.",
         "Still counts on fingers for 7s and 8s multiplication facts.", home_language="es"),
    Seed("Begoña", "Iñíguez", "", "races", "Spanish, Basque, English", "space, coding, drawing",
         "Quick to see connections between fractions and decimals.",
         "Skips steps in written work; ask her to show the working for others."),
    Seed("Øystein", "Bjørnstad", "", "steady", "Norwegian, English", "skiing, building, animals",
         "Hands-on learner; models with blocks before writing.",
         "Times tables not yet automatic; 5 minutes of practice a day agreed with home."),
    Seed("Åse", "Løvik", "", "steady", "Norwegian, English", "stories, drawing, cats",
         "Thoughtful and accurate once she has the idea.",
         "Low vision — tires quickly with small print and dense worksheets.",
         "Reads better with large print (16 pt or bigger); enlarged copies of quizzes."),
    Seed("Amani", "Wanjiru", "", "steady", "Swahili, Kikuyu, English", "running, music, animals",
         "Strong number sense; enjoys money problems.",
         "Absent for two weeks last term; some gaps in rounding."),
    Seed("Baraka", "Mwangi", "", "struggles", "Swahili, English", "football, drawing, cars",
         "Keeps trying and asks for help; great attitude.",
         "Place value still shaky beyond thousands; needs concrete materials.",
         "Extra time on quizzes (time and a half); quiz in a quiet corner."),
    Seed("अनन्या", "शर्मा", "", "steady", "Hindi, English", "dance, cooking, stories",
         "Organised; keeps a tidy maths journal.",
         "Hesitant with fractions on a number line."),
    Seed("Rohan", "Gupta", "", "steady", "Hindi, Punjabi, English", "cricket, football, space",
         "Enjoys challenges and competitions.",
         "Careless errors when rushing; encourage a checking routine."),
    Seed("Zoë", "Laurent", "", "steady", "French, English", "drawing, animals, stories",
         "Creative problem-solver; finds unusual strategies.",
         "Needs support with organising multi-step work."),
    Seed("Ngozi", "Okonkwo", "", "steady", "Igbo, English", "music, singing, cooking",
         "Confident speaker; explains strategies to the class.",
         "Division with remainders still confusing in context."),
    Seed("יעל", "כהן", "", "steady", "Hebrew, English", "gymnastics, animals, reading",
         "Careful listener; remembers methods well.",
         "Hearing aid (left ear) — check she caught instructions.",
         "Seat near the front; face the class when giving instructions."),
    Seed("Олена", "Коваленко", "", "steady", "Ukrainian (home), Russian, English (new, since March)",
         "drawing, animals, stories",
         "Strong calculation from school in Kyiv; neat written methods.",
         "English for word problems is still new; pair with a supportive partner.",
         "Bilingual Ukrainian–English maths glossary; may answer in Ukrainian."),
    Seed("Γιώργος", "Παπαδόπουλος", "", "struggles", "Greek, English", "football, building, video games",
         "Good spatial sense; enjoys geometry and building.",
         "Working memory is a barrier in multi-step calculations; needs steps written down.",
         "Instructions read aloud; check understanding one-to-one before independent work."),
    Seed("Siosaia", "Tupou", "Saia", "steady", "Tongan, English", "rugby, music, cooking",
         "Helpful in groups; keeps the team on task.",
         "Needs more practice with measurement conversions."),
    Seed("Aroha", "Ngata", "", "races", "Māori, English", "stories, space, kapa haka",
         "Sharp reasoning; asks 'what if' questions.",
         "Can dominate group work; give her a role that makes others talk."),
    Seed("Kenji", "Watanabe", "", "steady", "Japanese (writes his name 渡辺健二), English",
         "building, space, origami",
         "Excellent with shapes and nets thanks to origami.",
         "Reluctant to ask for help; check in quietly."),
    Seed("Emma", "Schmidt", "", "struggles", "German, English", "animals, horses, drawing",
         "Kind and patient with classmates; good at drawing models.",
         "Attention drifts in long tasks; short chunks work best.",
         "Movement breaks every 20 minutes; fidget tool allowed."),
    Seed("Liam", "O'Connor", "", "struggles", "English, some Irish", "football, Lego, dinosaurs",
         "Good oral reasoning; much better talking than writing.",
         "Slow processing on timed work; anxious about tests.",
         "Extra time on quizzes and tests; may give answers orally."),
    Seed("Sofía", "Herrera", "", "steady", "Portuguese (home), Spanish, English", "music, football, stories",
         "Works steadily and asks good questions.",
         "Fraction language (numerator, denominator) still mixed up.", home_language="pt"),
    Seed("Kwame", "Mensah", "", "races", "Twi, French (home), English", "space, football, chess",
         "Mental maths well above grade level; loves puzzles.",
         "Needs to write down his reasoning so others can follow it.", home_language="fr"),
]

MOTIVATIONS: dict[str, list[str]] = {
    "steady": ["Likes seeing the progress chart fill up.", "Motivated by working with friends.",
               "Enjoys earning a turn as the class 'maths checker'.",
               "Wants to show family what was learned.",
               "Responds well to specific praise about effort."],
    "struggles": ["Small, quick wins keep motivation up.", "Loves being the helper when it is a strength.",
                  "Motivated by games and hands-on tasks.", "A note home after a good week means a lot."],
    "races": ["Motivated by puzzles and challenges with no obvious method.", "Likes to teach others a trick.",
              "Enjoys competitions and beating personal bests.",
              "Wants harder problems, not more of the same."],
}
PREFERENCES: list[str] = [
    "Learns best with concrete materials first, then pictures, then numbers.",
    "Prefers working with a partner; talks ideas through.",
    "Likes worked examples to look back at.", "Prefers to think alone first, then share.",
    "Visual: diagrams, colour coding and number lines help.",
    "Short instructions, one step at a time.", "Enjoys learning through games and movement.",
]
GOALS: dict[str, list[str]] = {
    "steady": ["Know the multiplication facts to 10 × 10 without counting.",
               "Explain a strategy for comparing fractions in my own words.",
               "Check every word problem answer with an estimate.",
               "Convert between metres and centimetres without a chart."],
    "struggles": ["Read and write numbers up to 100 000 correctly.",
                  "Know the 2, 5 and 10 times tables by heart.",
                  "Use a place-value chart to round numbers.", "Show my working step by step in division."],
    "races": ["Solve a multi-step challenge problem each week and explain it.",
              "Make my own fraction puzzle for the class.",
              "Investigate which numbers have an odd number of factors.",
              "Write clear explanations that a classmate can follow."],
}
ANONYMOUS_WORDS = ["Star", "Comet", "River", "Maple", "Falcon", "Coral", "Cedar", "Harbour"]

#: Short notes a teacher writes next to evidence: kind -> (for a low level, for a good level).
NOTES: dict[str, tuple[list[str], list[str]]] = {
    "quiz": (["Several errors regrouping.", "Mixed up the steps; reteach with a model.",
              "4/10 on the exit slip."],
             ["9/10 on the exit slip.", "All correct, working shown.", "One slip, corrected on review."]),
    "observation": (["Needed blocks to get started.", "Copied a partner's answer; check again.",
                     "Started well, lost track halfway."],
                    ["Used a number line without prompting.", "Helped a partner see the pattern.",
                     "Chose an efficient strategy straight away."]),
    "conversation": (["Could not yet say why the method works.", "Confused the vocabulary."],
                     ["Explained the reasoning clearly.", "Gave a second way to check the answer."]),
    "product": (["Poster unfinished; ideas partly right.", "Model shows a misconception about the whole."],
                ["Neat, accurate poster with labels.", "Made a model and explained it to the class."]),
    "self-assessment": (["Says: 'I still need help with this.'", "Rated 'not yet' — agrees to practise."],
                        ["Says: 'I can teach this to someone.'", "Rated 'got it' and gave an example."]),
}
CORRECTION_NOTES = ["Corrected: marked against the wrong answer key.", "Corrected: entered in the wrong row.",
                    "Re-marked after checking the working."]

#: (title, standard codes, lowest level, highest level, tags, materials).
ACTIVITIES: list[tuple[str, list[str], float, float, list[str], str]] = [
    ("Stadium crowds: order the season's attendance figures", ["4.NBT.1", "4.NBT.3"], 1, 3,
     ["football", "sport", "game"], "Attendance cards, place-value chart"),
    ("Place-value disco: build numbers to the beat", ["4.NBT.1", "4.NBT.2"], 1, 2,
     ["music", "movement"], "Digit cards, speaker"),
    ("Rocket fuel budget: add and subtract mission costs", ["4.NBT.4"], 2, 4, ["space", "stories"],
     "Mission sheets, calculators for checking"),
    ("Animal shelter: multiply food portions for a week", ["4.NBT.5", "4.NBT.6"], 2, 3,
     ["animals", "cooking"], "Shelter menu cards, base-ten blocks"),
    ("Lego factor towers", ["4.NBT.7"], 1, 3, ["building", "hands-on"], "Lego bricks, squared paper"),
    ("Pizza chef: equivalent fraction orders", ["4.NF.1", "4.NF.2"], 1, 2, ["cooking", "game"],
     "Paper pizzas, fraction strips"),
    ("Fraction comic strip", ["4.NF.2", "4.NF.3"], 2, 4, ["drawing", "stories"],
     "Comic templates, coloured pencils"),
    ("Recipe scaling challenge", ["4.NF.4", "4.MD.1"], 3, 4, ["cooking", "challenge"],
     "Recipes, measuring jugs and scales"),
    ("Decimal sprint: race times to hundredths", ["4.NF.5", "4.NF.6"], 2, 3, ["football", "sport", "running"],
     "Stopwatches, results table"),
    ("Design a dream bedroom: area and perimeter", ["4.MD.3"], 2, 4, ["drawing", "building"],
     "Grid paper, rulers, furniture cut-outs"),
    ("Pet survey line plot", ["4.MD.4"], 1, 3, ["animals", "data"], "Measuring tapes, line-plot template"),
    ("Song lengths: minutes and seconds problems", ["4.MD.1", "4.MD.2"], 2, 3, ["music", "stories"],
     "Class playlist, time conversion chart"),
    ("Angle hunt with protractors", ["4.MD.5", "4.G.1"], 1, 3, ["hands-on", "movement"],
     "Protractors, clipboards, camera"),
    ("Star constellations: angles and lines", ["4.G.1", "4.MD.6"], 2, 4, ["space", "drawing"],
     "Star maps, rulers, protractors"),
    ("Symmetric butterfly and mandala art", ["4.G.2", "4.G.3"], 1, 3, ["drawing", "animals"],
     "Mirrors, squared paper, paints"),
    ("Build a space station from nets", ["4.G.4", "4.G.5"], 3, 4, ["space", "building", "challenge"],
     "Card nets, tape, grid mats"),
]
