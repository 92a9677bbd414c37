namespace Portal.Content.Search;

/// <summary>
/// Martin Porter's 1980 suffix-stripping algorithm for English, so that "models", "modelling" and
/// "modeled" meet at "model". Input must be lower-case ASCII letters.
/// </summary>
internal static class PorterStemmer
{
    public static string Stem(string word) => word.Length <= 2 ? word : new Run(word).Stem();

    private sealed class Run(string word)
    {
        private readonly char[] b = word.ToCharArray();
        private int k = word.Length - 1;
        private int j;

        public string Stem()
        {
            Step1ab();
            if (k > 0)
            {
                Step1c();
                Step2();
                Step3();
                Step4();
                Step5();
            }

            return new string(b, 0, k + 1);
        }

        private bool Cons(int i) => b[i] switch
        {
            'a' or 'e' or 'i' or 'o' or 'u' => false,
            'y' => i == 0 || !Cons(i - 1),
            _ => true,
        };

        /// <summary>The number of vowel-consonant sequences in b[0..j].</summary>
        private int M()
        {
            var n = 0;
            var i = 0;
            while (true)
            {
                if (i > j)
                {
                    return n;
                }

                if (!Cons(i))
                {
                    break;
                }

                i++;
            }

            i++;
            while (true)
            {
                while (true)
                {
                    if (i > j)
                    {
                        return n;
                    }

                    if (Cons(i))
                    {
                        break;
                    }

                    i++;
                }

                i++;
                n++;
                while (true)
                {
                    if (i > j)
                    {
                        return n;
                    }

                    if (!Cons(i))
                    {
                        break;
                    }

                    i++;
                }

                i++;
            }
        }

        private bool VowelInStem()
        {
            for (var i = 0; i <= j; i++)
            {
                if (!Cons(i))
                {
                    return true;
                }
            }

            return false;
        }

        private bool DoubleC(int i) => i >= 1 && b[i] == b[i - 1] && Cons(i);

        /// <summary>Consonant-vowel-consonant ending at i, the last not w, x or y (as in "hop", not "snow").</summary>
        private bool Cvc(int i) =>
            i >= 2 && Cons(i) && !Cons(i - 1) && Cons(i - 2) && b[i] is not ('w' or 'x' or 'y');

        private bool Ends(string s)
        {
            var length = s.Length;
            if (length > k + 1 || s[^1] != b[k])
            {
                return false;
            }

            if (!b.AsSpan(k - length + 1, length).SequenceEqual(s))
            {
                return false;
            }

            j = k - length;
            return true;
        }

        private void SetTo(string s)
        {
            s.CopyTo(0, b, j + 1, s.Length);
            k = j + s.Length;
        }

        private void R(string s)
        {
            if (M() > 0)
            {
                SetTo(s);
            }
        }

        private void Step1ab()
        {
            if (b[k] == 's')
            {
                if (Ends("sses"))
                {
                    k -= 2;
                }
                else if (Ends("ies"))
                {
                    SetTo("i");
                }
                else if (b[k - 1] != 's')
                {
                    k--;
                }
            }

            if (Ends("eed"))
            {
                if (M() > 0)
                {
                    k--;
                }
            }
            else if ((Ends("ed") || Ends("ing")) && VowelInStem())
            {
                k = j;
                if (Ends("at"))
                {
                    SetTo("ate");
                }
                else if (Ends("bl"))
                {
                    SetTo("ble");
                }
                else if (Ends("iz"))
                {
                    SetTo("ize");
                }
                else if (DoubleC(k))
                {
                    k--;
                    if (b[k] is 'l' or 's' or 'z')
                    {
                        k++;
                    }
                }
                else if (M() == 1 && Cvc(k))
                {
                    j = k;
                    SetTo("e");
                }
            }
        }

        private void Step1c()
        {
            if (Ends("y") && VowelInStem())
            {
                b[k] = 'i';
            }
        }

        private void Step2()
        {
            (string Suffix, string Replacement)[] rules = b[k - 1] switch
            {
                'a' => [("ational", "ate"), ("tional", "tion")],
                'c' => [("enci", "ence"), ("anci", "ance")],
                'e' => [("izer", "ize")],
                'l' => [("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous")],
                'o' => [("ization", "ize"), ("ation", "ate"), ("ator", "ate")],
                's' => [("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous")],
                't' => [("aliti", "al"), ("iviti", "ive"), ("biliti", "ble")],
                'g' => [("logi", "log")],
                _ => [],
            };
            Replace(rules);
        }

        private void Step3()
        {
            (string Suffix, string Replacement)[] rules = b[k] switch
            {
                'e' => [("icate", "ic"), ("ative", ""), ("alize", "al")],
                'i' => [("iciti", "ic")],
                'l' => [("ical", "ic"), ("ful", "")],
                's' => [("ness", "")],
                _ => [],
            };
            Replace(rules);
        }

        private void Replace((string Suffix, string Replacement)[] rules)
        {
            foreach (var (suffix, replacement) in rules)
            {
                if (Ends(suffix))
                {
                    R(replacement);
                    return;
                }
            }
        }

        private void Step4()
        {
            string[] suffixes = b[k - 1] switch
            {
                'a' => ["al"],
                'c' => ["ance", "ence"],
                'e' => ["er"],
                'i' => ["ic"],
                'l' => ["able", "ible"],
                'n' => ["ant", "ement", "ment", "ent"],
                'o' => ["ion", "ou"],
                's' => ["ism"],
                't' => ["ate", "iti"],
                'u' => ["ous"],
                'v' => ["ive"],
                'z' => ["ize"],
                _ => [],
            };
            foreach (var suffix in suffixes)
            {
                if (Ends(suffix))
                {
                    // "-ion" only goes after s or t ("adoption" but not "onion").
                    if (suffix == "ion" && (j < 0 || b[j] is not ('s' or 't')))
                    {
                        continue;
                    }

                    if (M() > 1)
                    {
                        k = j;
                    }

                    return;
                }
            }
        }

        private void Step5()
        {
            j = k;
            if (b[k] == 'e')
            {
                var m = M();
                if (m > 1 || (m == 1 && !Cvc(k - 1)))
                {
                    k--;
                }
            }

            if (b[k] == 'l' && DoubleC(k) && M() > 1)
            {
                k--;
            }
        }
    }
}
