# desc: CRLF line endings in -R input work (CR is a separator)
printf -- '-A -t 10.0.0.170:80 -s rr\r\n-a -t 10.0.0.170:80 -r 10.0.0.2 -m -w 3\r\n\r\n-A -u 10.0.0.170:53\r\n' | ipvsadm -R
echo "rc=$?"
ipvsadm -Ln
