package local

import "strings"

// sixStopwords maps each of the most common function words of the six
// languages (articles, prepositions, pronouns, conjunctions, common
// auxiliaries) to the languages that have it, bit i for sixLangs[i]. The
// lists are closed-class words written out by hand, not drawn from a
// corpus, so that no test text shaped them. Each list has its language's
// word even where others share it: "a" is a word of English, Spanish,
// French, Italian and Portuguese, and a list that lacked it handed the
// others its bonus (Spanish "no se pudo … a %zu bytes" was Portuguese).
var sixStopwords = func() map[string]uint8 {
	lists := [6]string{
		// English
		`the of and to in is that it for was on are with as be at by this from
		or an have not but which they you he she we were has had their there
		would will can been if its all also than into these those who what when
		one may more other only such then should must any each does do some
		your our how about after a i me my his her him them us so up out off
		very why where while again both under between over`,
		// Spanish
		`el la los las de del que y en un una por con para es son se no lo le
		les al su sus como más pero este esta estos estas ese esa hay ya muy
		sin sobre entre cuando también puede ser fue era está están todo ni
		mientras hasta desde otro otra otros otras usted ella ellos mi donde
		qué aunque nunca cada después entonces aquí tiene tienen hace a o u e
		si sí yo tú me te nos nuestro nuestra vez porque pues según contra
		durante sino tan tanto cual cuál quien algo algún alguna algunos
		algunas todos todas toda uno mismo misma ante bajo tras hacia`,
		// German
		`der die das den dem des und ist in zu mit von nicht ein eine einen
		einem einer auf für sich auch es im werden wird sind oder als aus bei
		nach wenn kann dass wie noch nur ich sie wir hat haben über durch zum
		zur vom beim aber diese dieser dieses kein keine muss soll wurde sein
		seine ihre ihr dann man um alle bis mehr du er mein dein unser doch
		schon sehr immer wieder hier dort zwischen gegen ohne unter vor wo was
		wer weil damit jedoch sowie welche welcher welches`,
		// French
		`le la les de des du et est en un une que qui dans pour pas par sur au
		aux ce cette ces se sont être avec il elle ils on ne plus mais ou son
		sa ses leur comme peut été fait tout nous vous aussi sans sous leurs
		donc où dont lui même autre autres entre après avant chaque très car ont
		était sera doit à a y si je tu me te mon ma mes ton ta tes notre votre
		nos vos quand comment ainsi alors encore toujours cela ça celui celle
		ceux aucun aucune vers chez rien`,
		// Italian
		`il lo la le gli i di del della dei delle degli e è che in un una per
		con non si sono al alla ai nel nella da dal questo questa come anche
		più ma se essere viene può ha hanno tutti quando ci sul sulla tra fra
		dove perché oppure ogni altri altro stato mai dopo già lui lei loro
		quello quella molto senza tutto uno nei negli nelle dalla dai sui dell
		nell quindi così vengono a ad o ed io tu mi ti vi ne mio mia suo sua
		suoi nostro vostro esso essa cui chi sempre ancora poi cosa qualche
		alcuni alcune verso presso sotto sopra contro allo agli alle dallo
		dagli dalle nello sugli sulle col`,
		// Portuguese
		`o a os as de do da dos das e é que em um uma para com não se no na nos
		nas por ao aos pelo pela são como mais mas este esta isso ser foi
		está pode também quando seu sua seus suas muito já entre isto tem uns
		umas ou pelos pelas às ele ela eles elas você quem onde outros outro
		outra até sem depois então esse essa aqui nunca eu tu me te lhe lhes
		nós meu minha nosso nossa dele dela num numa pois porque qual quais
		cada mesmo mesma ainda sempre só apenas sobre contra desde toda todo
		todos todas algum alguma nem`,
	}
	m := map[string]uint8{}
	for i, l := range lists {
		for _, w := range strings.Fields(l) {
			m[w] |= 1 << i
		}
	}
	return m
}()
