"""Danish label texts that several indicators share, as appendix 1 prints them."""

MIO = 0.001  # 1.000 kr. -> mio. kr.

NEW_PRODUCTS = "Antal virksomheder, der har udviklet nye produkter/ydelser/processer"
NEW_IDEAS = "Antal virksomheder, der har fået nye ideer til innovation"
NEW_COMP = "Antal virksomheder, der har fået tilført nye kompetencer, der kan føre til innovation"
COLLAB = "Antal virksomheder, der deltog i samspilsprojekter med videninstitutioner"
FIRST = (
    "Antal virksomheder, der deltog for første gang i et samarbejdsprojekt med en videninstitution"
)
PART = "Antal deltagende virksomheder"
INNO = "Antal virksomheder, der deltog i innovationsprojekter"
TOTAL = " – i alt"
AVG = " – gennemsnit pr. netværk"
SME = " – heraf virksomheder med under 50 ansatte"
