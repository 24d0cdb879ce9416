# desc: -w out of range or malformed: 2147483648, 4294967296, 99999999999, -1, -2147483648, 1.5, 0x10, 5x, empty, words; accepted forms " 7", +7, 010, -0
ipvsadm -A -t 10.0.0.100:80
for w in 2147483648 4294967296 99999999999 -1 -2147483648 1.5 0x10 5x "" abc " 7" +7 010 -0 "7 "; do
  ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.50:80 -m -w "$w"
  echo "w=[$w] rc=$?"
  ipvsadm -d -t 10.0.0.100:80 -r 10.0.0.50:80 2>/dev/null
done
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.51:80 -m -w
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.52:80 -m --weight=+12
echo "rc=$?"
ipvsadm -Ln
