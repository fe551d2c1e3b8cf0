"""Name pools for the demo company, and the ASCII email form of a name.

Pools are grouped by broad cultural origin so that each office gets a
plausible mix (more Indian names in Bangalore, more German and Turkish names
in Berlin) while every office stays diverse. A few names carry accents,
apostrophes, spaces or hyphens on purpose: roster imports must survive them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NamePool:
    origin: str
    women: tuple[str, ...]
    men: tuple[str, ...]
    family: tuple[str, ...]


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|") if part.strip())


POOLS: tuple[NamePool, ...] = (
    NamePool(
        "english",
        _split(
            "Olivia|Amelia|Emily|Charlotte|Sophie|Hannah|Grace|Lucy|Ellie|Jessica|Rebecca|Sarah"
            "|Laura|Rachel|Megan|Katie|Zoë|Abigail|Harriet|Imogen|Madison|Ashley|Brooke|Taylor"
        ),
        _split(
            "Oliver|Jack|Harry|George|James|Thomas|William|Daniel|Samuel|Joseph|Matthew|Luke"
            "|Benjamin|Alexander|Ethan|Ryan|Tyler|Jordan|Nathan|Connor|Michael|David|Andrew|Chris"
        ),
        _split(
            "Smith|Jones|Taylor|Brown|Williams|Wilson|Johnson|Davies|Robinson|Wright|Thompson"
            "|Evans|Walker|White|Roberts|Green|Hall|Wood|Jackson|Clarke|Hughes|Edwards|Turner"
            "|Parker|Collins|Bennett|Cooper|Morris|Ward|Miller|Anderson|Harris|Martin|Moore"
            "|Baker|Mitchell|Campbell|Stewart|Fletcher|Ashworth-Hale"
        ),
    ),
    NamePool(
        "irish",
        _split("Aoife|Siobhán|Niamh|Ciara|Saoirse|Róisín|Orla|Caoimhe|Sinéad|Aisling"),
        _split("Seán|Cian|Oisín|Darragh|Conor|Pádraig|Eoin|Ciarán|Liam|Declan"),
        _split(
            "O'Brien|O'Connor|O'Sullivan|Murphy|Kelly|Walsh|Byrne|Ryan|O'Neill|McCarthy"
            "|Doyle|Gallagher|Kennedy|Quinn|De Búrca"
        ),
    ),
    NamePool(
        "hispanic",
        _split(
            "María|Sofía|Lucía|Valentina|Camila|Isabella|Ana|Carmen|Daniela|Gabriela|Paula"
            "|Ximena|Renata|Inés|Marisol"
        ),
        _split(
            "José|Juan|Carlos|Luis|Diego|Javier|Miguel|Alejandro|Mateo|Santiago|Andrés|Pablo"
            "|Ángel|Rafael|Joaquín"
        ),
        _split(
            "García|Rodríguez|Martínez|Hernández|López|González|Pérez|Sánchez|Ramírez|Torres"
            "|Flores|Rivera|Gómez|Díaz|Morales|Ortiz|Castillo|Jiménez|Vargas|Romero"
            "|García-López|De la Cruz|Núñez|Fernández"
        ),
    ),
    NamePool(
        "portuguese",
        _split("Beatriz|Mariana|Larissa|Fernanda|Juliana|Letícia|Gabriele|Thaís|Inês|Carolina"),
        _split("João|Pedro|Lucas|Gabriel|Rafael|Thiago|Felipe|Gonçalo|Rodrigo|Vinícius"),
        _split(
            "Silva|Santos|Oliveira|Souza|Pereira|Costa|Ferreira|Almeida|Carvalho|Rodrigues"
            "|Gonçalves|Da Silva|Araújo|Ribeiro"
        ),
    ),
    NamePool(
        "indian",
        _split(
            "Priya|Ananya|Aishwarya|Divya|Kavya|Sneha|Pooja|Meera|Lakshmi|Deepika|Shreya"
            "|Nandini|Aditi|Ishita|Radhika|Swati|Harpreet|Neha|Riya|Anjali"
        ),
        _split(
            "Arjun|Rahul|Vikram|Aditya|Rohan|Karthik|Siddharth|Aarav|Vivek|Sanjay|Rajesh"
            "|Amit|Nikhil|Suresh|Harish|Pranav|Gurpreet|Manish|Varun|Abhishek"
        ),
        _split(
            "Sharma|Patel|Iyer|Reddy|Nair|Gupta|Singh|Kumar|Rao|Menon|Krishnan|Joshi|Mehta"
            "|Desai|Chatterjee|Banerjee|Pillai|Agarwal|Kapoor|Bhat|Verma|Mukherjee|Shah"
            "|Naidu|D'Souza|Fernandes|Gill|Sethi"
        ),
    ),
    NamePool(
        "chinese",
        _split("Wei|Li Na|Mei Ling|Xiao Yu|Jing|Yan|Hui Min|Xin Yi|Jia Hui|Shu Fen|Ying|Qian"),
        _split("Wei Jie|Jun|Hao|Ming|Jian|Zhi Hao|Kai|Yong|Jia Hao|Cheng|Tao|Chen Wei"),
        _split("Tan|Lim|Lee|Ng|Wong|Chen|Wang|Zhang|Liu|Huang|Goh|Ong|Teo|Chua|Koh|Lau|Yeo|Zhao"),
    ),
    NamePool(
        "malay",
        _split("Nur Aisyah|Siti|Farah|Nurul|Aisha|Amira|Zarina|Hidayah"),
        _split("Muhammad Faiz|Ahmad|Hafiz|Amir|Irfan|Azlan|Syafiq|Haziq"),
        _split("Abdullah|Rahman|Ismail|Hassan|Ibrahim|Yusof|Osman|Aziz"),
    ),
    NamePool(
        "west-african",
        _split(
            "Chiamaka|Adaeze|Ngozi|Funmilayo|Amara|Ifeoma|Abena|Akosua|Yewande|Zainab|Fatou|Nneka"
        ),
        _split("Chinedu|Oluwaseun|Emeka|Tunde|Kwame|Kofi|Obinna|Babajide|Ifeanyi|Yaw|Moussa|Segun"),
        _split(
            "Okafor|Adeyemi|Okonkwo|Mensah|Boateng|Eze|Nwosu|Balogun|Owusu|Adebayo|Diallo"
            "|N'Diaye|Osei|Ogunleye|Asante"
        ),
    ),
    NamePool(
        "arabic",
        _split("Fatima|Layla|Noor|Mariam|Yasmin|Huda|Rania|Salma|Leila|Dalia"),
        _split("Omar|Ahmed|Youssef|Khalid|Karim|Hassan|Tariq|Samir|Bilal|Rami"),
        _split("Haddad|Khalil|Nasser|Mansour|Saleh|Hamdan|Farouk|El-Amin|Al-Sayed|Aziz"),
    ),
    NamePool(
        "german",
        _split("Anna|Lena|Leonie|Hannah|Katharina|Julia|Franziska|Johanna|Jana|Sabine|Ute|Annika"),
        _split(
            "Lukas|Jonas|Felix|Maximilian|Tobias|Florian|Sebastian|Matthias|Jürgen|Stefan"
            "|Niklas|Moritz"
        ),
        _split(
            "Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|Hoffmann"
            "|Koch|Richter|Wolf|Schäfer|Krüger|Neumann|Zimmermann|Braun|Hartmann|von Weizsäcker"
        ),
    ),
    NamePool(
        "turkish",
        _split("Elif|Zeynep|Ayşe|Merve|Büşra|Selin"),
        _split("Mehmet|Emre|Burak|Can|Murat|İbrahim"),
        _split("Yılmaz|Kaya|Demir|Şahin|Çelik|Öztürk|Aydın|Arslan"),  # noqa: RUF001 - the dotless i is Turkish
    ),
    NamePool(
        "nordic",
        _split("Ingrid|Astrid|Sigrid|Freja|Maja|Linnéa|Solveig|Karin"),
        _split("Øyvind|Søren|Björn|Magnus|Lars|Anders|Erik|Mikkel"),
        _split(
            "Hansen|Johansson|Nielsen|Andersson|Larsen|Lindqvist|Ødegaard|Bjørnstad|Berg|Håkansson"
        ),
    ),
    NamePool(
        "french",
        _split("Chloé|Camille|Léa|Manon|Inès|Élodie|Céline|Juliette|Margaux|Anaïs|Renée"),
        _split("Louis|Hugo|Théo|Antoine|Mathieu|Julien|Nicolas|François|Étienne|Rémi|Baptiste"),
        _split(
            "Martin|Bernard|Dubois|Durand|Lefèvre|Moreau|Laurent|Girard|Lefebvre|Rousseau"
            "|Fontaine|Chevalier|Lemaître|D'Amboise"
        ),
    ),
    NamePool(
        "polish",
        _split("Agnieszka|Katarzyna|Małgorzata|Zofia|Aleksandra|Magdalena|Joanna|Monika"),
        _split("Łukasz|Piotr|Tomasz|Krzysztof|Paweł|Michał|Jakub|Marek"),
        _split(
            "Kowalski|Nowak|Wiśniewski|Wójcik|Kowalczyk|Kamiński|Lewandowski|Zieliński"
            "|Szymański|Dąbrowski"
        ),
    ),
    NamePool(
        "japanese-korean",
        _split("Yuki|Haruka|Aiko|Sakura|Yui|Ji-woo|Seo-yeon|Min-ji|Hye-jin|Soo-ah"),
        _split("Haruto|Kenji|Takumi|Hiroshi|Ren|Min-jun|Ji-ho|Seung-hoon|Dong-hyun|Jae-won"),
        _split("Tanaka|Suzuki|Takahashi|Watanabe|Yamamoto|Sato|Kim|Park|Choi|Jung|Kang|Yoon"),
    ),
    NamePool(
        "vietnamese-filipino",
        _split("Linh|Thảo|Huong|Mai|Ngoc Anh|Maricel|Kristine|Angelica|Jasmine|Andrea"),
        _split("Minh|Quang|Duc|Thanh|Hoang|Jose Miguel|Mark Anthony|Paolo|Rodel|Carlo"),
        _split(
            "Nguyễn|Tran|Le|Pham|Vu|Dang|Bui|Reyes|Santos|Cruz|Bautista|Villanueva|Mendoza"
            "|dela Rosa"
        ),
    ),
    NamePool(
        "caribbean-african-american",
        _split("Aaliyah|Imani|Kiara|Jada|Shanice|Monique|Keisha|Tiana"),
        _split("Darnell|Andre|Malik|Jamal|Marcus|Terrence|Dwayne|Isaiah"),
        _split("Washington|Jefferson|Brooks|Simmons|Bailey|Coleman|Grant|Francis|Thomas|Henry"),
    ),
    NamePool(
        "italian-greek",
        _split("Giulia|Francesca|Chiara|Alessia|Martina|Eleni|Sofia|Katerina"),
        _split("Marco|Luca|Alessandro|Matteo|Giorgio|Nikos|Dimitris|Kostas"),
        _split(
            "Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|Colombo|Ricci|Papadopoulos"
            "|Georgiou|Dell'Acqua|Konstantinidis"
        ),
    ),
)

# Letters that NFKD does not decompose into a base letter plus accent.
_ASCII_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ı": "i", "þ": "th", "ð": "d"}  # noqa: RUF001
)


def email_part(name: str) -> str:
    """The ASCII form of a name for an email address.

    >>> email_part("Zoë"), email_part("O'Brien"), email_part("De la Cruz"), email_part("Øyvind")
    ('zoe', 'obrien', 'delacruz', 'oyvind')
    >>> email_part("García-López")
    'garcia-lopez'
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold().translate(_ASCII_LETTERS))
    return "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch == "-"))
